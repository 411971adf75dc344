/**
 * A stable id for this tab's participation, kept for the browser session: it survives a dropped
 * connection (which changes our peer id) so peers can resume transfers and keep chat exactly-once.
 */
const KEY = 'nearcast.clientId';

export function sessionClientId(storage: Storage = sessionStorage): string {
  const existing = storage.getItem(KEY);
  if (existing && /^[A-Za-z0-9-]{8,64}$/.test(existing)) return existing;
  const fresh = crypto.randomUUID();
  storage.setItem(KEY, fresh);
  return fresh;
}

const DEVICE_KEY = 'nearcast.deviceId';

/**
 * This device's id in the directory: generated once and kept, so contacts see the same person after a
 * restart and the server can replace a stale connection of ours instead of listing us twice.
 */
export function stableDeviceId(storage: Storage = localStorage): string {
  const existing = storage.getItem(DEVICE_KEY);
  if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
  const fresh = crypto.randomUUID();
  storage.setItem(DEVICE_KEY, fresh);
  return fresh;
}
