/**
 * The services stores depend on, installed once by main.ts and replaced by fakes in tests.
 * A plain container rather than provide/inject so stores work outside components too.
 */
import type { Platform } from './platform';
import type { Ringtone } from './ringtone';
import type { HandshakeIdentity, SignalingClient } from './signaling-client';

export interface Services {
  platform: Platform;
  /** Opens a signaling connection to the given server URL, presenting `identity()` at each connection. */
  connectSignaling(url: string, identity: () => HandshakeIdentity): SignalingClient;
  /** Rings for incoming calls; absent where there is no audio output (unit tests). */
  ringtone?: Ringtone;
}

let current: Services | null = null;

export function installServices(services: Services): void {
  current = services;
}

export function useServices(): Services {
  if (!current) throw Object.assign(new Error('services are not installed'), { code: 'NO_SERVICES' });
  return current;
}

/** The desktop bridge, or null in a browser (or where no services are installed, as in unit tests). */
export function optionalBridge(): Services['platform']['bridge'] {
  return current?.platform.bridge ?? null;
}
