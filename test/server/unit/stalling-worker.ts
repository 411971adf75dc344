/**
 * The unit's worker with seams for tests, driven over the broadcast channel `STALL_CHANNEL`: `{ ms }`
 * keeps its thread busy that long, as a starved machine would stop it reading its sockets, and answers
 * with when the stall began and ended (wall clock, as the test's); `{ costMs }` makes every datagram
 * the thread reads cost that much more, so it reads slower than media comes and its queues grow.
 * Started through `useUnitRoom`'s `entry`; the test never imports it.
 */
import { Socket } from 'node:dgram';
import { BroadcastChannel } from 'node:worker_threads';
import '../../../server/src/unit/worker';
import { STALL_CHANNEL, type StallRequest, type Stalled } from './stall-channel';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy: the thread reads no socket and runs no timer meanwhile.
  }
}

let costMs = 0;
/** Node's EventEmitter signature, without the overloads dgram's typing adds to it. */
type Emit = (this: Socket, event: string | symbol, ...args: unknown[]) => boolean;
const emit = Socket.prototype.emit as Emit;
Socket.prototype.emit = function (this: Socket, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'message' && costMs > 0) busy(costMs);
  return emit.call(this, event, ...args);
} as typeof Socket.prototype.emit;

const channel = new BroadcastChannel(STALL_CHANNEL);
channel.unref();
channel.onmessage = (event) => {
  const request = (event as { data: StallRequest }).data;
  if ('costMs' in request) {
    costMs = request.costMs;
    return;
  }
  const from = Date.now();
  busy(request.ms);
  channel.postMessage({ from, to: Date.now() } satisfies Stalled);
};
