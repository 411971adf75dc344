/**
 * Signed hellos: the device key signs the link it speaks on (both DTLS fingerprints, the place, the
 * client id), and the receiver checks the signature against the fingerprints of its own descriptions
 * of that link. A hello replayed on another link, forged, or passed through a relay that terminates
 * DTLS itself does not check. Checking uses a pure-JS P-256 so a guest on plain http, which has no
 * WebCrypto, checks others' hellos too.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { helloProofMessage, type HelloBinding } from '../../../common/peer-protocol';
import { KEYED_DEVICE_PREFIX, type DeviceProof } from '../../../common/signaling/presence';
import { fromBase64url, toBase64url } from './base64url';
import { fingerprintsOf } from './sas';

/** What signs a hello: the device key (services/device-key.ts). */
export interface HelloSigner {
  readonly publicKey: string;
  sign(text: string): Promise<string>;
}

/** A key that checked: the device id it stands for and the key itself. */
export interface ProvenDevice {
  deviceId: string;
  publicKey: string;
}

/** The two fingerprint sets of a link, from its current descriptions; null before both are set. */
export interface LinkFingerprints {
  local: string[];
  remote: string[];
}

export function linkFingerprints(pc: RTCPeerConnection): LinkFingerprints | null {
  const local = pc.currentLocalDescription?.sdp;
  const remote = pc.currentRemoteDescription?.sdp;
  if (!local || !remote) return null;
  const fingerprints = { local: fingerprintsOf(local), remote: fingerprintsOf(remote) };
  return fingerprints.local.length > 0 && fingerprints.remote.length > 0 ? fingerprints : null;
}

/**
 * The link's fingerprints once both descriptions are applied. The offerer's control channel can open
 * (and the peer's hello arrive) a moment before its `setRemoteDescription(answer)` resolves; this waits
 * for that. Null when the connection closes first.
 */
export function settledLinkFingerprints(pc: RTCPeerConnection): Promise<LinkFingerprints | null> {
  const now = linkFingerprints(pc);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const check = () => {
      const fingerprints = linkFingerprints(pc);
      if (!fingerprints && pc.signalingState !== 'closed') return;
      pc.removeEventListener('signalingstatechange', check);
      resolve(fingerprints);
    };
    pc.addEventListener('signalingstatechange', check);
  });
}

/** Our proof for one link: we are the signer (local fingerprints), the peer the receiver. */
export async function proveHello(
  signer: HelloSigner,
  place: string,
  clientId: string,
  link: LinkFingerprints,
): Promise<DeviceProof> {
  const text = helloProofMessage({ place, clientId, signer: link.local, receiver: link.remote });
  return { publicKey: signer.publicKey, signature: await signer.sign(text) };
}

/** DER prefix of every P-256 public key in SPKI form; the uncompressed point (65 bytes) follows. */
const P256_SPKI_PREFIX = Uint8Array.from(
  '3059301306072a8648ce3d020106082a8648ce3d030107034200'.match(/../g) ?? [],
  (pair) => parseInt(pair, 16),
);

function p256Point(spki: Uint8Array): Uint8Array | null {
  if (spki.length !== P256_SPKI_PREFIX.length + 65) return null;
  if (P256_SPKI_PREFIX.some((byte, i) => spki[i] !== byte)) return null;
  return spki.subarray(P256_SPKI_PREFIX.length);
}

/** The device id a key stands for, as the server derives it (server/src/routes/device-proof.ts). */
export function deviceIdOf(spki: Uint8Array): string {
  return KEYED_DEVICE_PREFIX + toBase64url(sha256(spki));
}

/**
 * Checks a peer's proof against what we see of the link: the peer signed (its fingerprints are our
 * remote ones), we received. The proven device, or null when anything does not hold.
 */
export function checkHello(
  proof: DeviceProof,
  binding: Omit<HelloBinding, 'signer' | 'receiver'>,
  link: LinkFingerprints,
): ProvenDevice | null {
  const spki = fromBase64url(proof.publicKey);
  const signature = fromBase64url(proof.signature);
  const point = spki && p256Point(spki);
  if (!spki || !point || signature?.length !== 64) return null;
  const text = helloProofMessage({ ...binding, signer: link.remote, receiver: link.local });
  try {
    // WebCrypto does not normalise s, so high-s signatures are as valid as low-s ones.
    const valid = p256.verify(signature, new TextEncoder().encode(text), point, { lowS: false });
    return valid ? { deviceId: deviceIdOf(spki), publicKey: proof.publicKey } : null;
  } catch {
    return null;
  }
}
