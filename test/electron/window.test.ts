import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowLike } from '../../electron/main/electron-api/app';
import { createMainWindow, createMainWindows, mainWindowOptions } from '../../electron/main/window';
import { createFakeElectron, type FakeBrowserWindow } from '../fakes/electron';

describe('mainWindowOptions', () => {
  it('writes the security webPreferences explicitly and nothing else', () => {
    expect(mainWindowOptions('/app/out/preload/index.cjs').webPreferences).toStrictEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      backgroundThrottling: false,
      autoplayPolicy: 'no-user-gesture-required',
    });
  });

  it('starts hidden with the app title and a minimum size', () => {
    const options = mainWindowOptions('/p.cjs');
    expect(options).toMatchObject({ title: 'Nearcast', show: false });
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.minHeight).toBeGreaterThan(0);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

describe('createMainWindow', () => {
  it('shows the window only once it is ready to show', () => {
    const { BrowserWindow } = createFakeElectron();
    const window = createMainWindow({ BrowserWindow, preloadPath: '/p.cjs' });
    const [created] = BrowserWindow.created;
    expect(created).toBe(window);
    expect(created?.visible).toBe(false);
    created?.emit('ready-to-show');
    expect(created?.visible).toBe(true);
  });
});

describe('main windows', () => {
  const URL = 'http://127.0.0.1:4780/';

  function setup() {
    const electron = createFakeElectron();
    const windows = createMainWindows({
      BrowserWindow: electron.BrowserWindow,
      preloadPath: '/p.cjs',
      logger: pino({ level: 'silent' }),
    });
    const open = (bounds: { x: number; y: number; width: number; height: number } | null = null) => {
      windows.open(URL, bounds);
      return electron.BrowserWindow.created.at(-1) as FakeBrowserWindow;
    };
    return { electron, windows, open };
  }

  it('opens each window with the preload, at the given bounds, and loads the URL', () => {
    const { open } = setup();
    const window = open({ x: 10, y: 20, width: 900, height: 700 });
    expect(window.options.webPreferences?.preload).toBe('/p.cjs');
    expect(window.options).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
    expect(window.loadedUrls).toEqual([URL]);
  });

  it('tells listeners about a window before its page starts loading', () => {
    const { windows, open } = setup();
    const seen: Array<{ window: BrowserWindowLike; loaded: number }> = [];
    windows.onOpened((window) =>
      seen.push({ window, loaded: (window as FakeBrowserWindow).loadedUrls.length }),
    );
    const window = open();
    expect(seen).toEqual([{ window, loaded: 0 }]);
  });

  it('counts only its open windows as ours, for IPC and for events', () => {
    const { electron, windows, open } = setup();
    const first = open();
    const second = open();
    const stray = new electron.BrowserWindow({});
    expect(windows.isOurs(first.webContents)).toBe(true);
    expect(windows.isOurs(stray.webContents)).toBe(false);

    windows.send('tray:action', 'toggle-mute');
    expect(first.webContents.sentOn('tray:action')).toEqual(['toggle-mute']);
    expect(second.webContents.sentOn('tray:action')).toEqual(['toggle-mute']);
    expect(stray.webContents.sent).toEqual([]);

    first.close();
    expect(windows.isOurs(first.webContents)).toBe(false);
    expect(windows.list()).toEqual([second]);
    windows.send('tray:action', 'stop-sharing');
    expect(second.webContents.sentOn('tray:action')).toEqual(['toggle-mute', 'stop-sharing']);
  });

  it('skips a window whose contents are already destroyed instead of throwing', () => {
    const { windows, open } = setup();
    const gone = open();
    const alive = open();
    gone.webContents.destroyed = true;
    expect(() => windows.send('tray:action', 'toggle-mute')).not.toThrow();
    expect(alive.webContents.sentOn('tray:action')).toEqual(['toggle-mute']);
  });

  it('brings the newest window forward, restoring it when minimised', () => {
    const { windows, open } = setup();
    open();
    const newest = open();
    newest.minimized = true;
    windows.focusNewest();
    expect(newest).toMatchObject({ minimized: false, visible: true, focused: true });
  });

  it('stops telling a listener that unsubscribed', () => {
    const { windows, open } = setup();
    const listener = vi.fn();
    windows.onOpened(listener)();
    open();
    expect(listener).not.toHaveBeenCalled();
  });
});
