import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { OverlayState } from '../../../common/ipc';
import { overlayModule } from '../../../electron/main/annotations/overlay-module';
import { overlayWindowOptions } from '../../../electron/main/annotations/overlay-window';
import { createMainWindows } from '../../../electron/main/window';
import { createFakeElectron, type FakeBrowserWindow } from '../../fakes/electron';
import { trustedIpc } from '../support/ipc';

const PRELOAD = '/app/out/preload/index.cjs';
const URL = 'nearcast-app://app/overlay.html';
const LEFT = { x: 0, y: 0, width: 1920, height: 1080 };
const RIGHT = { x: 1920, y: -200, width: 2560, height: 1440 };
const STATE: OverlayState = {
  pointers: [{ name: 'Bob', colour: '#4363d8', x: 0.25, y: 0.75 }],
  strokes: [
    {
      id: 'stroke-1',
      colour: '#e6194b',
      tool: 'arrow',
      points: [
        [0.1, 0.1],
        [0.5, 0.5],
      ],
      keep: false,
    },
  ],
};

async function setup(platform = 'win32') {
  const electron = createFakeElectron();
  electron.screen.displays = [
    { id: 11, bounds: LEFT, workArea: LEFT },
    { id: 22, bounds: RIGHT, workArea: { ...RIGHT, height: 1400 } },
  ];
  const ipc = trustedIpc();
  const logger = pino({ level: 'silent' });
  const windows = createMainWindows({ BrowserWindow: electron.BrowserWindow, preloadPath: PRELOAD, logger });
  const main = windows.open('nearcast-app://app/', null);
  const enabled = await overlayModule({
    registry: ipc.registry,
    windows,
    BrowserWindow: electron.BrowserWindow,
    screen: electron.screen,
    preloadPath: PRELOAD,
    url: URL,
    platform,
    logger,
  }).enable();
  const overlays = () => electron.BrowserWindow.created.filter((w) => w.loadedUrls.includes(URL));
  const overlayWindow = () => overlays().at(-1) as FakeBrowserWindow;
  return {
    ...ipc,
    electron,
    main: main as FakeBrowserWindow,
    overlay: enabled.overlay,
    enabled,
    overlays,
    overlayWindow,
  };
}

describe('the overlay over a shared display', () => {
  it("has the main window's security settings, frameless, transparent and unfocusable, at the display's bounds", () => {
    expect(overlayWindowOptions(PRELOAD, RIGHT)).toStrictEqual({
      ...RIGHT,
      show: false,
      frame: false,
      transparent: true,
      backgroundColor: '#00000000',
      hasShadow: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      focusable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      enableLargerThanScreen: true,
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        backgroundThrottling: false,
      },
    });
  });

  it('covers exactly the shared display, lets clicks through, stays on top and out of the capture', async () => {
    const { overlay, invoke, overlayWindow, overlays } = await setup();
    overlay.granted('22');
    await expect(invoke('annotations:overlay', STATE)).resolves.toEqual({ ok: true, data: null });
    const window = overlayWindow();
    expect(window.options).toMatchObject({ ...RIGHT, transparent: true, focusable: false });
    expect(window.bounds).toEqual(RIGHT);
    expect(window.ignoresMouse).toBe(true);
    expect(window.alwaysOnTop).toEqual({ flag: true, level: 'screen-saver' });
    expect(window.contentProtected).toBe(true);
    expect(window.onAllWorkspaces).toBe(true);
    expect(window.visible).toBe(true);
    expect(window.loadedUrls).toEqual([URL]);

    // The user shares the other display next: the same overlay moves there.
    overlay.granted('11');
    await invoke('annotations:overlay', STATE);
    expect(overlays()).toHaveLength(1);
    expect(window.bounds).toEqual(LEFT);
  });

  it('hands the overlay page what to draw once it has loaded, then every change', async () => {
    const { overlay, invoke, overlayWindow } = await setup();
    overlay.granted('11');
    await invoke('annotations:overlay', STATE);
    const window = overlayWindow();
    expect(window.webContents.sentOn('annotations:overlay-state')).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sentOn('annotations:overlay-state')).toEqual([STATE]);
    const moved = { ...STATE, pointers: [{ ...STATE.pointers[0]!, x: 0.9 }] };
    await invoke('annotations:overlay', moved);
    expect(window.webContents.sentOn('annotations:overlay-state')).toEqual([STATE, moved]);
  });

  it('closes when the share ends, when a window is shared instead, and with the main window', async () => {
    const { overlay, invoke, overlayWindow, overlays, main } = await setup();
    overlay.granted('11');
    await invoke('annotations:overlay', STATE);
    await invoke('annotations:overlay', null);
    expect(overlayWindow().webContents.isDestroyed()).toBe(true);

    await invoke('annotations:overlay', STATE);
    expect(overlays()).toHaveLength(2);
    overlay.granted(null);
    expect(overlayWindow().webContents.isDestroyed()).toBe(true);
    await expect(invoke('annotations:overlay', STATE)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(overlays()).toHaveLength(2);

    overlay.granted('22');
    await invoke('annotations:overlay', STATE);
    main.close();
    expect(overlayWindow().webContents.isDestroyed()).toBe(true);
  });

  it('is not opened where the capture cannot leave it out (Linux), nor for a display that is gone', async () => {
    const linux = await setup('linux');
    linux.overlay.granted('11');
    await expect(linux.invoke('annotations:overlay', STATE)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(linux.overlays()).toEqual([]);
    const mac = await setup('darwin');
    mac.overlay.granted('33');
    await expect(mac.invoke('annotations:overlay', STATE)).resolves.toMatchObject({ ok: false });
    expect(mac.overlays()).toEqual([]);
  });

  it('refuses a state outside the frame or beyond the bounds, and a sender that is not our window', async () => {
    const { overlay, invoke, ipcMain, overlays } = await setup();
    overlay.granted('11');
    const outside = { ...STATE, pointers: [{ ...STATE.pointers[0]!, x: 1.5 }] };
    await expect(invoke('annotations:overlay', outside)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    const tooMany = { ...STATE, pointers: Array.from({ length: 101 }, () => STATE.pointers[0]) };
    await expect(invoke('annotations:overlay', tooMany)).resolves.toMatchObject({ ok: false });
    const stranger = { sender: {}, senderFrame: null };
    await expect(ipcMain.invoke(stranger, 'annotations:overlay', STATE)).resolves.toMatchObject({
      ok: false,
    });
    expect(overlays()).toEqual([]);
  });
});
