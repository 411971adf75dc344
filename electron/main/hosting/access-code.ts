/**
 * The hosting access code: short enough to read out or type on a phone, random enough that guessing it
 * through the server's per-address slowdown of wrong codes is hopeless. Three groups of four from an
 * alphabet without look-alikes (no 0/o, 1/l/i): 12 × log2(31) ≈ 59 bits.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** A fresh code from the OS's cryptographic random source, e.g. `k7mp-q2xw-9fhd`. */
export function generateAccessCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i += 1) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
