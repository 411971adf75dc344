/**
 * Ids this app makes up once and keeps: one per browser session for our participation in a room, one
 * per device for the directory. Kept through the storage module (services/storage.ts).
 */
import { randomId } from '../rtc/random-id';
import { CLIENT_ID, DEVICE_ID, type StorageArea, type StoredValue } from './storage';

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
