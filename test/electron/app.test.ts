import * as fs from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { startApp, type CreateServer, type RunningApp } from '../../electron/main/app';
import { IPC_CHANNELS } from '../../common/ipc';
import { createFakeElectron, FakeEvent, fakeFrame, fakeSource } from '../fakes/electron';
import { FakeBonjour } from './support/fake-bonjour';

const SERVER_URL = 'http://127.0.0.1:43210/';

function fakeServer() {
  return {
    listen: vi.fn(() => Promise.resolve({ url: SERVER_URL })),
    close: vi.fn(() => Promise.resolve()),
    httpServer: new EventEmitter(),
    io: { sockets: { sockets: new Map() } },
  };
}

function setup(
  env: { rendererUrl?: string } = {},
  platform = 'linux',
  argv: string[] = [],
  electron = createFakeElectron(),
) {
  const server = fakeServer();
  const createServer = vi.fn<CreateServer>(() => server);
  const settings = new Map<string, unknown>();
  const bonjour = new FakeBonjour();
  const starting = startApp({
    ...electron,
    createServer,
    bonjour,
    settingsStore: { get: (key) => settings.get(key), set: (key, value) => settings.set(key, value) },
    networkInterfaces: () => ({}),
    makeQrCode: (url) => Promise.resolve(`data:image/png;base64,${url}`),
    downloadsFs: fs,
    logger: pino({ level: 'silent' }),
    platform,
    argv,
    lanHost: '127.0.0.1',
    lan: { instanceName: 'Nearcast-test', displayName: 'Test computer' },
    env: { wayland: false, ...env },
    paths: {
      preload: '/app/out/preload/index.cjs',
      renderer: '/app/out/renderer',
      trayIcon: '/app/build/icon.png',
      logs: '/logs',
    },
  });
  const started = starting.then((running): RunningApp => {
    if (!running) throw new Error('startApp returned null');
    return running;
  });
  // The second-instance test awaits `starting` only; this keeps its `started` from counting as unhandled.
  started.catch(() => undefined);
  return { electron, server, createServer, starting, started, settings, bonjour };
}

describe('startApp', () => {
  it('starts the embedded server on a free loopback port serving the built renderer', async () => {
    const { createServer, started } = setup();
    await started;
    expect(createServer).toHaveBeenCalledOnce();
    expect(createServer.mock.calls[0]?.[0]).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      staticDir: '/app/out/renderer',
    });
  });

  it('opens one window with the preload and loads the server URL', async () => {
    const { electron, started } = setup();
    const running = await started;
    expect(electron.BrowserWindow.created).toHaveLength(1);
    const [window] = electron.BrowserWindow.created;
    expect(window?.options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(window?.loadedUrls).toEqual([SERVER_URL]);
    expect(running.trustedOrigin).toBe('http://127.0.0.1:43210');
  });

  it('loads the dev server URL when given and trusts that origin instead', async () => {
    const { electron, started } = setup({ rendererUrl: 'http://localhost:5173' });
    const running = await started;
    expect(electron.BrowserWindow.created[0]?.loadedUrls).toEqual(['http://localhost:5173']);
    expect(running.trustedOrigin).toBe('http://localhost:5173');
    expect(running.signalingUrl).toBe(SERVER_URL);
  });

  it('registers the IPC channels, answering only our window', async () => {
    const { electron, started } = setup();
    await started;
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(IPC_CHANNELS).sort());

    const window = electron.BrowserWindow.created[0];
    if (!window) throw new Error('no window');
    const fromWindow = { sender: window.webContents, senderFrame: fakeFrame(SERVER_URL) };
    await expect(electron.ipcMain.invoke(fromWindow, 'app:signaling-url')).resolves.toEqual({
      ok: true,
      data: SERVER_URL,
    });

    electron.desktopCapturer.sources = [fakeSource({ id: 'screen:0:0', name: 'Screen' })];
    const listed = await electron.ipcMain.invoke(fromWindow, 'capture:list-sources', {
      kinds: ['screen'],
      thumbnailWidth: 160,
      thumbnailHeight: 90,
    });
    expect(listed).toMatchObject({ ok: true, data: [{ id: 'screen:0:0', kind: 'screen' }] });

    await expect(electron.ipcMain.invoke(fromWindow, 'capture:select-source', 'screen:0:0')).resolves.toEqual(
      {
        ok: true,
        data: null,
      },
    );
    const streams = await electron.session.defaultSession.requestDisplayMedia({
      frame: fakeFrame(SERVER_URL),
      videoRequested: true,
      audioRequested: false,
    });
    expect(streams).toEqual({ video: { id: 'screen:0:0', name: 'Screen' } });
  });

  it('applies the security rules to the window it creates', async () => {
    const { electron, started } = setup();
    await started;
    const contents = electron.BrowserWindow.created[0]?.webContents;
    expect(contents?.navigate('https://evil.example/')).toBe(true);
    expect(contents?.navigate(`${SERVER_URL}#/room/x`)).toBe(false);
    expect(contents?.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    const session = electron.session.defaultSession;
    await expect(
      session.requestPermission('geolocation', { isMainFrame: true, requestingUrl: SERVER_URL }),
    ).resolves.toBe(false);
    await expect(
      session.requestPermission('media', {
        isMainFrame: true,
        requestingUrl: SERVER_URL,
        mediaTypes: ['audio'],
      }),
    ).resolves.toBe(true);
    const headers = await session.webRequest.receive(SERVER_URL);
    expect(headers.responseHeaders?.['Content-Security-Policy']?.[0]).toContain("script-src 'self'");
  });

  it('lets the page connect to a LAN server the user chose, and to nothing else', async () => {
    const { electron, started } = setup();
    await started;
    const window = electron.BrowserWindow.created[0];
    if (!window) throw new Error('no window');
    const from = { sender: window.webContents, senderFrame: fakeFrame(SERVER_URL) };
    const session = electron.session.defaultSession;
    const connectSrc = async () =>
      (await session.webRequest.receive(SERVER_URL)).responseHeaders?.['Content-Security-Policy']?.[0]
        ?.split('; ')
        .find((directive) => directive.startsWith('connect-src'));
    expect(await connectSrc()).not.toContain('192.168.1.20');
    await expect(electron.ipcMain.invoke(from, 'app:set-signaling-server', '192.168.1.20')).resolves.toEqual({
      ok: true,
      data: 'http://192.168.1.20:4780/',
    });
    await expect(electron.ipcMain.invoke(from, 'app:signaling-url')).resolves.toEqual({
      ok: true,
      data: 'http://192.168.1.20:4780/',
    });
    expect(await connectSrc()).toContain('http://192.168.1.20:4780 ws://192.168.1.20:4780');
    await expect(
      electron.ipcMain.invoke(from, 'app:set-signaling-server', 'file:///etc'),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    await electron.ipcMain.invoke(from, 'app:set-signaling-server', null);
    expect(await connectSrc()).not.toContain('192.168.1.20');
  });

  it('quits when the last window closes, except on macOS', async () => {
    const linux = setup();
    await linux.started;
    linux.electron.BrowserWindow.created[0]?.close();
    expect(linux.electron.app.quit).toHaveBeenCalled();

    const mac = setup({}, 'darwin');
    await mac.started;
    mac.electron.BrowserWindow.created[0]?.close();
    expect(mac.electron.app.quit).not.toHaveBeenCalled();
    mac.electron.app.emit('activate');
    expect(mac.electron.BrowserWindow.created).toHaveLength(2);
  });

  it('holds the quit until the server is closed and the handlers removed, then quits', async () => {
    const { electron, server, started } = setup();
    await started;
    const event = new FakeEvent();
    electron.app.emit('will-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.hasQuit).toBe(true));
    expect(server.close).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.session.defaultSession.displayMediaRequestHandler).toBeNull();
  });

  it('quits anyway when closing the server fails', async () => {
    const { electron, server, started } = setup();
    server.close.mockRejectedValueOnce(new Error('stuck'));
    await started;
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.hasQuit).toBe(true));
  });

  it('hands over to the running instance when it is the second one', async () => {
    const electron = createFakeElectron();
    electron.app.singleInstanceLock = false;
    const { starting, createServer } = setup({}, 'linux', [], electron);
    await expect(starting).resolves.toBeNull();
    expect(electron.app.hasQuit).toBe(true);
    expect(createServer).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.created).toHaveLength(0);
  });
});

describe('desktop features wired by startApp', () => {
  async function started() {
    const context = setup();
    await context.started;
    const window = context.electron.BrowserWindow.created[0];
    if (!window) throw new Error('no window');
    const from = { sender: window.webContents, senderFrame: fakeFrame(SERVER_URL) };
    return { ...context, window, from };
  }

  it('hosts on the LAN through IPC and pushes each change to our window only', async () => {
    const { electron, window, from, bonjour } = await started();
    const devtools = new electron.BrowserWindow({}).webContents;
    const result = (await electron.ipcMain.invoke(from, 'hosting:start', {})) as {
      ok: boolean;
      data: { port: number };
    };
    expect(result.ok).toBe(true);
    expect(window.webContents.sentOn('hosting:changed')).toEqual([
      { active: true, urls: [], qrDataUrl: '', port: result.data.port },
    ]);
    expect(devtools.sent).toEqual([]);
    expect(bonjour.published[0]?.config).toMatchObject({ type: 'nearcast', port: result.data.port });
    await expect(electron.ipcMain.invoke(from, 'hosting:status')).resolves.toMatchObject({
      ok: true,
      data: { active: true },
    });
    await expect(electron.ipcMain.invoke(from, 'hosting:stop')).resolves.toEqual({ ok: true, data: null });
    expect(window.webContents.sentOn('hosting:changed').at(-1)).toEqual({ active: false });
  });

  it('refuses a hosting request with a privileged port before it reaches the module', async () => {
    const { electron, from } = await started();
    await expect(electron.ipcMain.invoke(from, 'hosting:start', { port: 80 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
  });

  it('shows the call status in the tray and title, and sends tray actions and the shortcut to the window', async () => {
    const { electron, window, from } = await started();
    await electron.ipcMain.invoke(from, 'call:set-status', { inCall: true, sharing: true, muted: false });
    const tray = electron.Tray.created[0];
    expect(tray?.toolTip).toContain('sharing your screen');
    expect(window.title).toMatch(/^● Sharing/);
    tray?.menu?.click('Stop sharing');
    expect(electron.globalShortcut.press('CommandOrControl+Shift+M')).toBe(true);
    expect(window.webContents.sentOn('tray:action')).toEqual(['stop-sharing', 'toggle-mute']);
  });

  it('changes the mute shortcut through IPC and remembers it', async () => {
    const { electron, from, settings } = await started();
    await expect(electron.ipcMain.invoke(from, 'shortcut:set-mute', 'Alt+Shift+K')).resolves.toEqual({
      ok: true,
      data: 'Alt+Shift+K',
    });
    expect(settings.get('muteShortcut')).toBe('Alt+Shift+K');
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
  });

  it('notifies an incoming call and sends the answer to the window', async () => {
    const { electron, window, from } = await started();
    await electron.ipcMain.invoke(from, 'call:notify-incoming', { callId: 'c1', callerName: 'Ada' });
    electron.Notification.created[0]?.emit('action', {}, 0);
    expect(window.webContents.sentOn('call:notification-action')).toEqual([
      { callId: 'c1', action: 'accept' },
    ]);
  });

  it('remembers the window bounds and reopens there when the display is still connected', async () => {
    const { electron, window, settings } = await started();
    window.bounds = { x: 50, y: 60, width: 1000, height: 700 };
    window.close();
    expect(settings.get('windowBounds')).toEqual({ x: 50, y: 60, width: 1000, height: 700 });
    electron.app.emit('activate');
    expect(electron.BrowserWindow.created.at(-1)?.options).toMatchObject({
      x: 50,
      y: 60,
      width: 1000,
      height: 700,
    });
  });

  it('installs the menu with Open logs and tears the desktop pieces down on quit', async () => {
    const { electron, bonjour } = await started();
    expect(electron.Menu.applicationMenu?.click('Open logs')).toBe(true);
    expect(electron.shell.openPath).toHaveBeenCalledWith('/logs');
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.hasQuit).toBe(true));
    expect(electron.Tray.created[0]?.destroyed).toBe(true);
    expect(electron.globalShortcut.registered.size).toBe(0);
    expect(bonjour.destroyed).toBe(true);
  });

  it('delivers the launch link once the page has loaded', async () => {
    const { electron, started: running } = setup({}, 'linux', [
      '/app/nearcast',
      'nearcast://join?room=standup',
    ]);
    await running;
    const window = electron.BrowserWindow.created[0];
    window?.webContents.emit('did-finish-load');
    expect(window?.webContents.sentOn('app:deep-link')).toEqual([{ kind: 'join', room: 'standup' }]);
  });
});
