/**
 * Ids this app makes up once and keeps: one per browser session for our participation in a room, one
 * per device for the directory. Kept through the storage module (services/storage.ts).
 */
import { CLIENT_ID, DEVICE_ID, type StorageArea, type StoredValue } from './storage';

/**
 * A random version-4 UUID. `crypto.randomUUID` exists only in secure contexts, and a LAN guest on plain
 * http is not one; `crypto.getRandomValues` is available everywhere and is just as random.
 */
export function randomId(random: Pick<Crypto, 'getRandomValues'> = crypto): string {
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id kept under `entry`, or a fresh one stored there when there is none (or it was tampered with). */
function keptId(area: StorageArea, entry: StoredValue<string | null>): string {
  const existing = area.read(entry);
  if (existing) return existing;
  const fresh = randomId();
  area.write(entry, fresh);
  return fresh;
}

/**
 * A stable id for this tab's participation, kept for the browser session (`sessionStorage`): it
 * survives a dropped connection (which changes our peer id) so peers can resume transfers and keep
 * chat exactly-once.
 */
export function sessionClientId(area: StorageArea): string {
  return keptId(area, CLIENT_ID);
}

/**
 * This device's id in the directory, kept on the device (`localStorage`): generated once, so contacts
 * see the same person after a restart and the server can replace a stale connection of ours instead of
 * listing us twice.
 */
export function stableDeviceId(area: StorageArea): string {
  return keptId(area, DEVICE_ID);
}
