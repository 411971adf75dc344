import * as fs from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { startApp, type RunningApp } from '../../electron/main/app';
import type { CreateServer } from '../../electron/main/embedded-server';
import { ModuleEnableError } from '../../electron/main/module-runner';
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

  it('registers a handler for every IPC channel, answering only our window', async () => {
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
    const stray = new electron.BrowserWindow({}).webContents;
    await expect(
      electron.ipcMain.invoke({ sender: stray, senderFrame: fakeFrame(SERVER_URL) }, 'app:signaling-url'),
    ).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    electron.desktopCapturer.sources = [fakeSource({ id: 'screen:0:0', name: 'Screen' })];
    const listed = await electron.ipcMain.invoke(fromWindow, 'capture:list-sources', {
      kinds: ['screen'],
      thumbnailWidth: 160,
      thumbnailHeight: 90,
    });
    expect(listed).toMatchObject({ ok: true, data: [{ id: 'screen:0:0', kind: 'screen' }] });

    await expect(
      electron.ipcMain.invoke(fromWindow, 'capture:select-source-with', 'screen:0:0', { systemAudio: false }),
    ).resolves.toEqual({ ok: true, data: null });
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

  it('holds the quit until every module is disposed, the server last, then quits', async () => {
    const { electron, server, started, bonjour } = setup();
    await started;
    const atClose: Array<{ handlers: number; trayDestroyed: boolean; bonjourDestroyed: boolean }> = [];
    server.close.mockImplementationOnce(() => {
      atClose.push({
        handlers: electron.ipcMain.handlers.size,
        trayDestroyed: electron.Tray.created[0]?.destroyed ?? false,
        bonjourDestroyed: bonjour.destroyed,
      });
      return Promise.resolve();
    });
    const event = new FakeEvent();
    electron.app.emit('will-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.hasQuit).toBe(true));
    expect(atClose).toEqual([{ handlers: 0, trayDestroyed: true, bonjourDestroyed: true }]);
    expect(electron.session.defaultSession.displayMediaRequestHandler).toBeNull();
    expect(electron.session.defaultSession.permissionRequestHandler).toBeNull();
    expect(electron.globalShortcut.registered.size).toBe(0);
  });

  it('quits anyway when closing the server fails', async () => {
    const { electron, server, started } = setup();
    server.close.mockRejectedValueOnce(new Error('stuck'));
    await started;
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.hasQuit).toBe(true));
  });

  it('undoes every module already enabled and rejects when one cannot be enabled', async () => {
    const electron = createFakeElectron();
    vi.spyOn(electron.Menu, 'setApplicationMenu').mockImplementation(() => {
      throw new Error('no menu bar');
    });
    const { server, started } = setup({}, 'linux', [], electron);
    await expect(started).rejects.toBeInstanceOf(ModuleEnableError);
    await expect(started).rejects.toMatchObject({ module: 'desktop', disposeFailures: [] });
    expect(server.close).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.session.defaultSession.displayMediaRequestHandler).toBeNull();
    expect(electron.app.listenerCount('open-url')).toBe(0);
    expect(electron.BrowserWindow.created).toHaveLength(0);
  });

  it('closes nothing it did not open when the embedded server cannot listen', async () => {
    const electron = createFakeElectron();
    const { server, started } = setup({}, 'linux', [], electron);
    server.listen.mockRejectedValueOnce(new Error('EACCES'));
    await expect(started).rejects.toMatchObject({ module: 'embedded server' });
    expect(server.close).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
    expect(electron.session.defaultSession.permissionRequestHandler).toBeNull();
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

describe('features wired by startApp', () => {
  async function started() {
    const context = setup();
    await context.started;
    const window = context.electron.BrowserWindow.created[0];
    if (!window) throw new Error('no window');
    const from = { sender: window.webContents, senderFrame: fakeFrame(SERVER_URL) };
    return { ...context, window, from };
  }

  it('hosts on the LAN through the embedded server and tells our window only', async () => {
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
    expect(bonjour.published[0]?.config).toMatchObject({ name: 'Nearcast-test', port: result.data.port });
    await expect(electron.ipcMain.invoke(from, 'hosting:stop')).resolves.toEqual({ ok: true, data: null });
  });

  it('puts the call status in the tray and the title of the window it opened', async () => {
    const { electron, window, from } = await started();
    await electron.ipcMain.invoke(from, 'call:set-status', { inCall: true, sharing: true, muted: false });
    expect(electron.Tray.created[0]?.toolTip).toContain('sharing your screen');
    expect(window.title).toMatch(/^● Sharing/);
    expect(electron.Menu.applicationMenu?.click('Open logs')).toBe(true);
    expect(electron.shell.openPath).toHaveBeenCalledWith('/logs');
  });

  it('reopens the window where it was closed', async () => {
    const { electron, started: running } = setup({}, 'darwin');
    await running;
    const window = electron.BrowserWindow.created[0];
    if (!window) throw new Error('no window');
    window.bounds = { x: 50, y: 60, width: 1000, height: 700 };
    window.close();
    electron.app.emit('activate');
    expect(electron.BrowserWindow.created.at(-1)?.options).toMatchObject({
      x: 50,
      y: 60,
      width: 1000,
      height: 700,
    });
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
