import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../../electron/main/desktop/app-menu';
import { FakeMenu } from '../../fakes/electron';

describe('application menu', () => {
  it('has Help › Open logs, which opens the log folder', () => {
    const openLogs = vi.fn();
    const menu = new FakeMenu(appMenuTemplate({ platform: 'linux', dev: false, openLogs }));
    expect(menu.click('Open logs')).toBe(true);
    expect(openLogs).toHaveBeenCalledOnce();
  });

  it('has no reload or devtools in a packaged app, and the macOS app menu only on macOS', () => {
    const packaged = appMenuTemplate({ platform: 'linux', dev: false, openLogs: vi.fn() });
    expect(JSON.stringify(packaged)).not.toMatch(/reload|toggleDevTools|viewMenu/i);
    expect(packaged.some((item) => item.role === 'appMenu')).toBe(false);
    expect(appMenuTemplate({ platform: 'darwin', dev: false, openLogs: vi.fn() })[0]?.role).toBe('appMenu');
    expect(
      appMenuTemplate({ platform: 'linux', dev: true, openLogs: vi.fn() }).some((i) => i.role === 'viewMenu'),
    ).toBe(true);
  });
});
