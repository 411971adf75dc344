import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RENDERER_ERROR_MESSAGE, type RendererError } from '../../common/ipc';
import { createLogger } from '../../renderer/src/log';
import { reportErrors } from '../../renderer/src/services/error-reports';

let stop: (() => void) | null = null;
afterEach(() => stop?.());

function listen() {
  const target = new EventTarget();
  const reports: RendererError[] = [];
  stop = reportErrors(target, (report) => reports.push(report));
  return { target, reports };
}

describe('page errors for the log file', () => {
  it('reports an uncaught error with its stack and script', () => {
    const { target, reports } = listen();
    const error = new TypeError('x is undefined');
    target.dispatchEvent(
      Object.assign(new Event('error'), { error, message: error.message, filename: 'app.js' }),
    );
    expect(reports).toEqual([
      { kind: 'error', message: 'TypeError: x is undefined', stack: error.stack, source: 'app.js' },
    ]);
  });

  it('reports an unhandled rejection, whatever was thrown', () => {
    const { target, reports } = listen();
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'no route' }));
    expect(reports).toEqual([{ kind: 'unhandledrejection', message: 'no route' }]);
  });

  it("reports the logger's error lines, not its warnings, even with debug output off", () => {
    const { reports } = listen();
    const log = createLogger('rtc:mesh');
    log.warn('slow link');
    log.error('negotiation failed', new Error('bad sdp'));
    expect(reports).toEqual([
      expect.objectContaining({
        kind: 'logged',
        source: 'rtc:mesh',
        message: 'negotiation failed: Error: bad sdp',
      }),
    ]);
  });

  it('cuts a long message to the size main accepts, and stops on dispose', () => {
    const { target, reports } = listen();
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'x'.repeat(5_000) }));
    expect(reports[0]?.message).toHaveLength(MAX_RENDERER_ERROR_MESSAGE);
    stop?.();
    stop = null;
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'later' }));
    createLogger('x').error('later');
    expect(reports).toHaveLength(1);
  });
});
