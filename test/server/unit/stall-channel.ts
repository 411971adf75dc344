/** How a test stalls the unit's worker thread (stalling-worker.ts) and hears when it is free again. */

/** The broadcast channel: post `{ ms }` to stall the worker that long. */
export const STALL_CHANNEL = 'nearcast-unit-stall';

/** The worker's answer once its thread is free again: when the stall began and ended (wall clock). */
export interface Stalled {
  from: number;
  to: number;
}
