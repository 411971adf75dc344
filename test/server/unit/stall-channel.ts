/** How a test stalls the unit's worker thread (stalling-worker.ts) and hears when it is free again. */

/** The broadcast channel the test posts its `StallRequest`s on. */
export const STALL_CHANNEL = 'nearcast-unit-stall';

/** Stall the worker `ms` (answered with `Stalled`), or make each datagram it reads cost `costMs`. */
export type StallRequest = { ms: number } | { costMs: number };

/** The worker's answer once its thread is free again: when the stall began and ended (wall clock). */
export interface Stalled {
  from: number;
  to: number;
}
