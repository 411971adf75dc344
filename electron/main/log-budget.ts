/**
 * How many lines a noisy source may write to main's log, so a page in an error loop or a flood of
 * refused IPC calls cannot fill the disk: a burst, then one line per refill period, and, when lines
 * are written again, how many were left out meanwhile (so the log still says it happened).
 */
export const LOG_BURST = 20;
export const LOG_REFILL_MS = 3_000;

export interface LogBudget {
  /**
   * Spends one line: null when the budget is empty (leave the line out), otherwise how many lines
   * were left out since the last one written (log that first when it is not 0).
   */
  spend(): number | null;
}

/** `now` in milliseconds: Date.now in the app, a counter in tests. */
export function createLogBudget(now: () => number = Date.now): LogBudget {
  let tokens = LOG_BURST;
  let last = now();
  let dropped = 0;
  return {
    spend() {
      const at = now();
      const refilled = Math.floor((at - last) / LOG_REFILL_MS);
      if (refilled > 0) {
        tokens = Math.min(LOG_BURST, tokens + refilled);
        last += refilled * LOG_REFILL_MS;
      }
      if (tokens === 0) {
        dropped += 1;
        return null;
      }
      tokens -= 1;
      const leftOut = dropped;
      dropped = 0;
      return leftOut;
    },
  };
}
