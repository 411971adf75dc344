/**
 * The PeerJS server (npm `peer`) for `npm run bench:signaling`, in its own process so its memory is
 * measured apart from the clients. Prints `port <n>` once listening on 127.0.0.1.
 */
import { PeerServer } from 'peer';

const port = Number(process.argv[2]);
PeerServer({ host: '127.0.0.1', port, path: '/', alive_timeout: 600_000, concurrent_limit: 100_000 }, () => {
  process.stdout.write(`port ${port}\n`);
});
