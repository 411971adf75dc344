/** Types of release-signing.mjs, for the tests that use it. */
import type { KeyObject } from 'node:crypto';

export const SIGNATURE_SUFFIX: string;
export function readSigningKey(file: string): KeyObject;
export function publicKeyPem(privateKey: KeyObject): string;
export function signRelease(dir: string, privateKey: KeyObject): string[];
export function newSigningKey(file: string): string;
