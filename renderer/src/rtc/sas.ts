/**
 * Short authentication string (SAS) for a call. DTLS authenticates each end by the certificate
 * fingerprint carried in the SDP, and the SDP travels through the signaling server: a server that
 * swapped fingerprints could sit in the middle of the media. Both ends therefore hash the two
 * fingerprints they actually used and show a short code; people compare it aloud, and a man in the
 * middle makes the two codes differ.
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** The `a=fingerprint:` values of a description, normalised (lowercase algorithm, uppercase hex). */
export function fingerprintsOf(sdp: string): string[] {
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const match = /^a=fingerprint:(\S+)\s+([0-9a-fA-F:]+)\s*$/.exec(line);
    if (match?.[1] && match[2]) found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  }
  return [...found].sort();
}

/**
 * The code both ends of a connection compute from their local and remote descriptions: three groups
 * of two digits (about 20 bits, enough against a server that gets one chance per call). The two
 * fingerprint sets are sorted, so each end, seeing them as local/remote the other way round, hashes
 * the same text. Null when either side has no fingerprint (no DTLS yet).
 */
export function shortAuthString(localSdp: string, remoteSdp: string): string | null {
  const local = fingerprintsOf(localSdp);
  const remote = fingerprintsOf(remoteSdp);
  if (local.length === 0 || remote.length === 0) return null;
  const text = [local.join(','), remote.join(',')].sort().join('\n');
  // Pure JavaScript, the same digest with or without WebCrypto (a LAN guest on plain http has none).
  const digest = sha256(new TextEncoder().encode(text));
  const value = new DataView(digest.buffer).getUint32(0) % 1_000_000;
  const digits = value.toString().padStart(6, '0');
  return `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)}`;
}
