/**
 * Checks that a registration proves possession of the device key its id is derived from, on this
 * connection: the id is the key's digest and the signature covers this connection's challenge.
 */
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import {
  KEYED_DEVICE_PREFIX,
  presenceProofMessage,
  type DeviceProof,
} from '../../../common/signaling/presence';

/** A fresh challenge for one connection: 32 random bytes, base64url. */
export function newChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/** The device id a device key stands for: {@link KEYED_DEVICE_PREFIX} and the SPKI's SHA-256. */
export function keyedDeviceId(spki: Buffer): string {
  return KEYED_DEVICE_PREFIX + createHash('sha256').update(spki).digest('base64url');
}

function p256Key(spki: Buffer): KeyObject | null {
  try {
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      ? key
      : null;
  } catch {
    return null;
  }
}

/** True when `proof` is a valid signature of `challenge` by the key `deviceId` is derived from. */
export function provesDevice(deviceId: string, proof: DeviceProof, challenge: string | undefined): boolean {
  if (!challenge) return false;
  const spki = Buffer.from(proof.publicKey, 'base64url');
  if (keyedDeviceId(spki) !== deviceId) return false;
  const key = p256Key(spki);
  if (!key) return false;
  try {
    return verify(
      'sha256',
      Buffer.from(presenceProofMessage(challenge)),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(proof.signature, 'base64url'),
    );
  } catch {
    return false;
  }
}
