/**
 * Short authentication string (SAS) for a call. DTLS authenticates each end by the certificate
 * fingerprint carried in the SDP, and the SDP travels through the signaling server: a server that
 * swapped fingerprints could sit in the middle of the media. Both ends therefore hash the two
 * fingerprints they actually used and show a short code; people compare it aloud, and a man in the
 * middle makes the two codes differ.
 */
import { sha256 as sha256Wasm } from 'hash-wasm';

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
export async function shortAuthString(localSdp: string, remoteSdp: string): Promise<string | null> {
  const local = fingerprintsOf(localSdp);
  const remote = fingerprintsOf(remoteSdp);
  if (local.length === 0 || remote.length === 0) return null;
  const text = [local.join(','), remote.join(',')].sort().join('\n');
  const digest = await sha256(new TextEncoder().encode(text));
  const value = new DataView(digest.buffer).getUint32(0) % 1_000_000;
  const digits = value.toString().padStart(6, '0');
  return `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)}`;
}

/**
 * WebCrypto exists only in secure contexts; a LAN browser on plain http (which can still receive a
 * call) gets the same digest from hash-wasm.
 */
async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle; // eslint-disable-line no-restricted-syntax -- checked below
  if (subtle) return new Uint8Array(await subtle.digest('SHA-256', data));
  const hex = await sha256Wasm(data);
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
