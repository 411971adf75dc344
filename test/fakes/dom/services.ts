/**
 * The renderer's services for tests, built the way main.ts builds them but over stand-ins: the real
 * platform adapter on a fake window (with a fake desktop bridge when a test is "in the app"), storage in
 * memory, a scripted signaling client. Stores get them by injection (renderer/src/services/index.ts):
 * `piniaWith(services)` for store tests, `config.global.provide` (test/renderer/setup.ts) for mounts.
 */
import { createTestingPinia, type TestingOptions, type TestingPinia } from '@pinia/testing';
import { createPinia, type Pinia } from 'pinia';
import { vi } from 'vitest';
import { createApp } from 'vue';
import type { NearcastBridge } from '../../../electron/preload/bridge';
import { provideServices, type Services } from '../../../renderer/src/services';
import { createPlatform } from '../../../renderer/src/services/platform';
import { createStorageArea } from '../../../renderer/src/services/storage';
import { fakeMediaDevices } from './media';
import { FakeSignalingClient } from './signaling';

/** A window as the platform reads it: location, media devices, secure context, and maybe a bridge. */
export function fakeWindow(
  options: {
    bridge?: NearcastBridge;
    mediaDevices?: ReturnType<typeof fakeMediaDevices>;
    origin?: string;
    secure?: boolean;
    /** The page's fetch; by default every server answers. */
    fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  } = {},
) {
  const location = { origin: options.origin ?? 'http://127.0.0.1:4780', assign: vi.fn(), reload: vi.fn() };
  const win = {
    isSecureContext: options.secure ?? true,
    location,
    navigator: { mediaDevices: options.mediaDevices ?? fakeMediaDevices() },
    fetch: options.fetch ?? (async () => new Response(null)),
    ...(options.bridge ? { nearcast: options.bridge } : {}),
  };
  // Only the members above are read by createPlatform.
  return { win: win as unknown as Window, location };
}

export function fakeServices(
  options: {
    win?: Window;
    connectSignaling?: Services['connectSignaling'];
    ringtone?: Services['ringtone'];
    storage?: Services['storage'];
    /** None by default: the device is an unverified guest, as on plain http. */
    deviceKey?: Services['deviceKey'];
  } = {},
): Services {
  return {
    platform: createPlatform(options.win ?? fakeWindow().win),
    storage: options.storage ?? { local: createStorageArea(null), session: createStorageArea(null) },
    connectSignaling: options.connectSignaling ?? (() => new FakeSignalingClient()),
    deviceKey: options.deviceKey ?? (async () => null),
    ...(options.ringtone ? { ringtone: options.ringtone } : {}),
  };
}

/** Installs `pinia` on an app that provides `services`, as main.ts does; it becomes the active Pinia. */
function installed<P extends Pinia>(pinia: P, services: Services): P {
  createApp({ render: () => null })
    .use(provideServices(services))
    .use(pinia);
  return pinia;
}

/** A Pinia whose stores inject `services`, for store tests (`setActivePinia(piniaWith(…))`). */
export function piniaWith(services: Services): Pinia {
  return installed(createPinia(), services);
}

/**
 * createTestingPinia with fake services, for component tests; a store read before mounting (to set a
 * getter) gets them from here, stores made during the mount from test/renderer/setup.ts.
 */
export function testingPinia(options: TestingOptions = {}, services = fakeServices()): TestingPinia {
  return installed(createTestingPinia({ createSpy: vi.fn, ...options }), services);
}
