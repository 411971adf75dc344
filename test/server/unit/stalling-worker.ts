/**
 * The unit's worker with a seam for tests: a message `{ ms }` on the broadcast channel `STALL_CHANNEL`
 * keeps its thread busy that long, as a starved machine would stop it reading its sockets, and answers
 * with when the stall began and ended (wall clock, as the test's). Started through `useUnitRoom`'s
 * `entry`; the test never imports it.
 */
import { BroadcastChannel } from 'node:worker_threads';
import '../../../server/src/unit/worker';
import { STALL_CHANNEL, type Stalled } from './stall-channel';

const channel = new BroadcastChannel(STALL_CHANNEL);
channel.unref();
channel.onmessage = (event) => {
  const { ms } = (event as { data: { ms: number } }).data;
  const from = Date.now();
  while (Date.now() < from + ms) {
    // Busy: the thread reads no socket and runs no timer meanwhile.
  }
  channel.postMessage({ from, to: Date.now() } satisfies Stalled);
};
