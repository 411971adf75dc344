/**
 * Incremental SHA-256 over a whole file, chunk by chunk, so multi-gigabyte files are verified without
 * holding them in memory. WebCrypto only digests whole buffers, hence hash-wasm (needs the CSP source
 * 'wasm-unsafe-eval'). In a browser the hashing runs in a worker so it never stalls the data channel;
 * where there is no Worker (unit tests) it runs inline behind the same interface.
 */
import { createSHA256 } from 'hash-wasm';

/** Bytes handed to the worker but not hashed yet, beyond which `drained()` makes the caller wait. */
export const MAX_UNHASHED_BYTES = 32 * 1024 * 1024;

export interface Hasher {
  /** Queues bytes in order; the caller keeps its buffer (a copy goes to the worker). */
  update(data: Uint8Array): void;
  /**
   * Queues a whole buffer in order and takes it over (it is transferred to the worker, not copied):
   * the caller must not read it afterwards. For a sender's block once its chunks are sent.
   */
  take(buffer: ArrayBuffer): void;
  /** Resolves once at most `MAX_UNHASHED_BYTES` wait to be hashed: backpressure for fast networks. */
  drained(): Promise<void>;
  /** Hex digest of everything queued; the hasher cannot be used afterwards. */
  digest(): Promise<string>;
  /** Releases the hasher (its worker) when no digest will be asked for: a cancel or an interruption. */
  dispose(): void;
}

async function inlineHasher(): Promise<Hasher> {
  const sha = await createSHA256();
  sha.init();
  return {
    update: (data) => void sha.update(data),
    take: (buffer) => void sha.update(new Uint8Array(buffer)),
    drained: async () => undefined,
    digest: async () => sha.digest('hex'),
    dispose: () => undefined,
  };
}

function workerHasher(): Hasher {
  const worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
  let posted = 0;
  let hashed = 0;
  let waiters: (() => void)[] = [];
  let onDigest: ((hex: string) => void) | null = null;
  let failure: Error | null = null;
  const wake = (): void => {
    const ready = waiters;
    waiters = [];
    ready.forEach((resolve) => resolve());
  };
  worker.onmessage = ({
    data,
  }: MessageEvent<{ t: 'hashed'; bytes: number } | { t: 'digest'; hex: string }>) => {
    if (data.t === 'hashed') {
      hashed = data.bytes;
      if (posted - hashed <= MAX_UNHASHED_BYTES) wake();
    } else {
      onDigest?.(data.hex);
    }
  };
  const take = (buffer: ArrayBuffer): void => {
    posted += buffer.byteLength;
    worker.postMessage({ t: 'update', buf: buffer }, [buffer]);
  };
  worker.onerror = (event) => {
    failure = new Error(`hashing failed: ${event.message}`);
    wake();
  };
  return {
    update: (data) => take(data.slice().buffer),
    take,
    drained() {
      if (failure) return Promise.reject(failure);
      if (posted - hashed <= MAX_UNHASHED_BYTES) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    digest() {
      return new Promise<string>((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        onDigest = (hex) => {
          worker.terminate();
          resolve(hex);
        };
        worker.postMessage({ t: 'digest' });
      });
    },
    dispose() {
      worker.terminate();
    },
  };
}

export async function createHasher(): Promise<Hasher> {
  return typeof Worker === 'function' ? workerHasher() : inlineHasher();
}
