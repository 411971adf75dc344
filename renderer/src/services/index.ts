/**
 * The services stores depend on, and how stores get them: app-level `provide`, read with `inject()`.
 *
 * main.ts assembles the real services once and installs them with `app.use(provideServices(…))`; each
 * Pinia setup store calls `injectServices()` while it is set up. Pinia runs a setup store inside its
 * app's injection context, so this works even when a store is first used from another store's action.
 * There is no module-level state: every app (and every test) has its own services.
 *
 * Why not the alternatives: a Pinia plugin adds properties only after a setup store has run, so setup
 * code could not use them; a factory that builds the stores around a services object would have every
 * component import the built stores from somewhere, which is the locator again.
 *
 * In tests: a store test installs its Pinia on an app that provides fakes (test/fakes/dom/services.ts,
 * `piniaWith(services)`, then `setActivePinia`); component tests get inert fakes from the renderer
 * test setup through `config.global.provide`, and a `createTestingPinia` state drives what renders.
 * Components never call `injectServices()`: they render store state and call store actions.
 */
import { hasInjectionContext, inject, type InjectionKey, type Plugin } from 'vue';
import type { DeviceKey } from './device-key';
import type { Platform } from './platform';
import type { Ringtone } from './ringtone';
import type { HandshakeIdentity, SignalingClient } from './signaling-client';
import type { StorageArea } from './storage';

export interface Services {
  platform: Platform;
  /** `local`: kept on this device; `session`: kept for this tab (see services/storage.ts). */
  storage: { local: StorageArea; session: StorageArea };
  /** Opens a signaling connection to the given server URL, presenting `identity()` at each connection. */
  connectSignaling(url: string, identity: () => HandshakeIdentity): SignalingClient;
  /** This device's key, loaded once; null where there is none (no WebCrypto): an unverified guest. */
  deviceKey(): Promise<DeviceKey | null>;
  /** Rings for incoming calls; absent where there is no audio output (unit tests). */
  ringtone?: Ringtone;
}

export const SERVICES: InjectionKey<Services> = Symbol('nearcast services');

/** The Vue plugin that makes `services` available to every store of the app. */
export function provideServices(services: Services): Plugin {
  return { install: (app) => void app.provide(SERVICES, services) };
}

/** The app's services, for a setup store while it is set up. A bug (thrown) when none were provided. */
export function injectServices(): Services {
  const services = hasInjectionContext() ? inject(SERVICES, null) : null;
  if (!services) {
    throw Object.assign(new Error('no services provided: install provideServices() on the app first'), {
      code: 'NO_SERVICES',
    });
  }
  return services;
}
