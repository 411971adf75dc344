/**
 * Renderer errors (uncaught errors, unhandled rejections, the renderer logger's error level) written to
 * main's log, the file "Open logs" shows, so a bug report carries what went wrong in the page too. The
 * channel's schema bounds each report's size (common/ipc); this bounds their rate, so a page stuck in an
 * error loop cannot fill the disk: a burst of BURST reports, then one per REFILL_MS, and one line saying
 * how many were dropped once reports are taken again.
 */
import type { Logger } from 'pino';
import type { RendererError } from '../../../common/ipc';
import { ok, type Result } from '../../../common/result';

export const BURST = 20;
export const REFILL_MS = 3_000;

export interface RendererLogOptions {
  logger: Logger;
  /** Milliseconds; Date.now in the app, a counter in tests. */
  now: () => number;
}

export function createRendererLog({
  logger,
  now,
}: RendererLogOptions): (report: RendererError) => Result<null> {
  const log = logger.child({ name: 'renderer' });
  let tokens = BURST;
  let last = now();
  let dropped = 0;
  return (report) => {
    const at = now();
    const refilled = Math.floor((at - last) / REFILL_MS);
    if (refilled > 0) {
      tokens = Math.min(BURST, tokens + refilled);
      last += refilled * REFILL_MS;
    }
    if (tokens === 0) {
      dropped += 1;
      return ok(null);
    }
    tokens -= 1;
    if (dropped > 0) {
      log.warn({ dropped }, 'renderer errors dropped: too many at once');
      dropped = 0;
    }
    log.error({ kind: report.kind, source: report.source, stack: report.stack }, report.message);
    return ok(null);
  };
}
