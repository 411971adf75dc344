/** Secret comparison shared by the access-code middleware and room PINs. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a secret: fixed length, so comparisons never leak the secret's length. */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time equality of a given secret against a stored digest. */
export function matchesDigest(given: string, expected: Buffer): boolean {
  return timingSafeEqual(secretDigest(given), expected);
}
