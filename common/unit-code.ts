/**
 * The forwarding unit's security code. In a forwarded room media is encrypted between each member and
 * the unit, not end to end, so what a member can verify is that its media goes to the host's unit and
 * not to a server in the middle: it hashes the DTLS fingerprint it sees on its subscribe connection,
 * the host's screen (hosting panel, or the standalone server's start output) shows the same hash of
 * the unit's own fingerprint, and people compare the two (docs/PROTOCOL.md, "Forwarding mode").
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** Separates this code from a call's code over the same fingerprints (renderer/src/rtc/sas.ts). */
const UNIT_CODE_CONTEXT = 'nearcast-unit\n';

/**
 * `sha-256 ab:cd:…` or `SHA-256 AB:CD:…` (an `a=fingerprint:` value) in the one form both ends hash:
 * algorithm lowercase, hex uppercase, one space between. Null when the text is not a fingerprint.
 */
export function normaliseFingerprint(fingerprint: string): string | null {
  const match = /^\s*(\S+)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})+)\s*$/.exec(fingerprint);
  if (!match?.[1] || !match[2]) return null;
  return `${match[1].toLowerCase()} ${match[2].toUpperCase()}`;
}

/**
 * The unit's code: three groups of two digits, the format of a call's code, from the first 4 bytes
 * (big-endian) of sha256(`nearcast-unit\n<fingerprint>`) modulo 1 000 000. Pure JavaScript, so a LAN
 * guest on plain http (no WebCrypto) computes it too. Null when `fingerprint` is not one.
 */
export function unitCode(fingerprint: string): string | null {
  const normalised = normaliseFingerprint(fingerprint);
  if (!normalised) return null;
  const digest = sha256(new TextEncoder().encode(UNIT_CODE_CONTEXT + normalised));
  const value = new DataView(digest.buffer, digest.byteOffset, digest.byteLength).getUint32(0) % 1_000_000;
  const digits = value.toString().padStart(6, '0');
  return `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)}`;
}
