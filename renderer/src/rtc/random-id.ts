/**
 * Random ids for messages, file offers and this device. `crypto.randomUUID` exists only in secure
 * contexts, and a LAN guest's page on plain http is not one; `crypto.getRandomValues` is available
 * everywhere and is just as random. Nothing in the renderer calls `crypto.randomUUID` (lint).
 */

/** A random version-4 UUID. */
export function randomId(random: Pick<Crypto, 'getRandomValues'> = crypto): string {
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
