/**
 * Ids this app makes up once and keeps: one per browser session for our participation in a room, one
 * per device for the directory.
 */
const CLIENT_KEY = 'nearcast.clientId';
const DEVICE_KEY = 'nearcast.deviceId';
const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The id kept under `key`, or a fresh UUID stored there when there is none (or it was tampered with). */
function keptId(storage: Storage, key: string): string {
  const existing = storage.getItem(key);
  if (existing && ID_PATTERN.test(existing)) return existing;
  const fresh = crypto.randomUUID();
  storage.setItem(key, fresh);
  return fresh;
}

/**
 * A stable id for this tab's participation, kept for the browser session: it survives a dropped
 * connection (which changes our peer id) so peers can resume transfers and keep chat exactly-once.
 */
export function sessionClientId(storage: Storage = sessionStorage): string {
  return keptId(storage, CLIENT_KEY);
}

/**
 * This device's id in the directory: generated once and kept, so contacts see the same person after a
 * restart and the server can replace a stale connection of ours instead of listing us twice.
 */
export function stableDeviceId(storage: Storage = localStorage): string {
  return keptId(storage, DEVICE_KEY);
}
