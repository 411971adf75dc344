import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, readDebugSwitchFrom } from '../../renderer/src/log';

afterEach(() => {
  readDebugSwitchFrom(() => false);
  vi.restoreAllMocks();
});

describe('the renderer logger', () => {
  it('is quiet below warnings until the debug switch it was given reads on, without a reload', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let on = false;
    readDebugSwitchFrom(() => on);
    const log = createLogger('rtc:test');
    log.debug('hidden');
    log.warn('shown', { id: 1 });
    on = true;
    log.debug('now shown');
    expect(debug.mock.calls).toEqual([['[rtc:test] now shown']]);
    expect(warn.mock.calls).toEqual([['[rtc:test] shown', { id: 1 }]]);
  });
});
