/**
 * Ids this app makes up and keeps for the browser session: one for our participation in a room, one for
 * the directory when the device has no key (services/device-key.ts). Kept through the storage module (services/storage.ts).
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
 * The directory id of a device without a key (an unverified guest), kept for this tab's session: it
 * proves nothing, so the server never lets it displace anyone. `renew` makes a fresh one (the last was
 * refused because another connection holds it).
 */
export function guestDeviceId(area: StorageArea, renew = false): string {
  if (renew) area.write(DEVICE_ID, randomId());
  return keptId(area, DEVICE_ID);
}
