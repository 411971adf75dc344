/** Secret comparison shared by the access-code middleware, room PINs and rejoin passes. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A rejoin pass: 256 random bits, base64url (43 characters). */
const REJOIN_PASS_BYTES = 32;

/** SHA-256 of a secret: fixed length, so comparisons never leak the secret's length. */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time equality of a given secret against a stored digest. */
export function matchesDigest(given: string, expected: Buffer): boolean {
  return timingSafeEqual(secretDigest(given), expected);
}

/**
 * A new rejoin pass (state/rejoin-passes.ts) and the digest to keep of it: the pass itself goes to its
 * member only, in the `room:join` ack.
 */
export function newRejoinPass(): { pass: string; digest: Buffer } {
  const pass = randomBytes(REJOIN_PASS_BYTES).toString('base64url');
  return { pass, digest: secretDigest(pass) };
}
