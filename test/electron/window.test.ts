import { describe, expect, it } from 'vitest';
import { createMainWindow, mainWindowOptions } from '../../electron/main/window';
import { createFakeElectron } from '../fakes/electron';

describe('mainWindowOptions', () => {
  it('writes the security webPreferences explicitly and nothing else', () => {
    expect(mainWindowOptions('/app/out/preload/index.cjs').webPreferences).toStrictEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
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
