/**
 * SHA-256 off the page's main thread. Hashing a file on the main thread stalled sending and receiving
 * for about a quarter of the time (CPU profile of both pages during `npm run bench:transfer`).
 * Messages: `{ t: 'update', buf }` (an ArrayBuffer, transferred), answered with `{ t: 'hashed', bytes }`;
 * `{ t: 'digest' }`, answered with `{ t: 'digest', hex }`. Handled strictly in order.
 */
import { createSHA256 } from 'hash-wasm';

type Request = { t: 'update'; buf: ArrayBuffer } | { t: 'digest' };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown): void;
};

const sha = createSHA256().then((hasher) => {
  hasher.init();
  return hasher;
});
let chain: Promise<void> = Promise.resolve();
let hashed = 0;

scope.onmessage = ({ data }) => {
  chain = chain.then(async () => {
    const hasher = await sha;
    if (data.t === 'update') {
      hasher.update(new Uint8Array(data.buf));
      hashed += data.buf.byteLength;
      scope.postMessage({ t: 'hashed', bytes: hashed });
    } else {
      scope.postMessage({ t: 'digest', hex: hasher.digest('hex') });
    }
  });
};
