/**
 * Renderer errors (uncaught errors, unhandled rejections, the renderer logger's error level) written to
 * main's log, the file "Open logs" shows, so a bug report carries what went wrong in the page too. The
 * channel's schema bounds each report's size (common/ipc); this bounds their rate, so a page stuck in an
 * error loop cannot fill the disk (log-budget.ts).
 */
import type { Logger } from 'pino';
import type { RendererError } from '../../../common/ipc';
import { ok, type Result } from '../../../common/result';
import { createLogBudget } from '../log-budget';

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
  const budget = createLogBudget(now);
  return (report) => {
    const dropped = budget.spend();
    if (dropped === null) return ok(null);
    if (dropped > 0) log.warn({ dropped }, 'renderer errors dropped: too many at once');
    log.error({ kind: report.kind, source: report.source, stack: report.stack }, report.message);
    return ok(null);
  };
}
