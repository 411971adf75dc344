/**
 * Incremental SHA-256 over a whole file, chunk by chunk, so multi-gigabyte files are verified without
 * holding them in memory. WebCrypto only digests whole buffers, hence hash-wasm (needs the CSP source
 * 'wasm-unsafe-eval').
 */
import { createSHA256 } from 'hash-wasm';

export interface Hasher {
  update(data: Uint8Array): void;
  /** Hex digest of everything so far; the hasher cannot be used afterwards. */
  digest(): string;
}

export async function createHasher(): Promise<Hasher> {
  const sha = await createSHA256();
  sha.init();
  return {
    update: (data) => void sha.update(data),
    digest: () => sha.digest('hex'),
  };
}
