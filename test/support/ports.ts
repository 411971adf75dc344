import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now, for a process that must be told its port up front. */
export function freePort(): Promise<number> {
  const probe = createServer();
  return new Promise((resolve) =>
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    }),
  );
}
