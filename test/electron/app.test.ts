import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { startApp, type CreateServer } from '../../electron/main/app';
import { IPC_CHANNELS } from '../../common/ipc';
import { createFakeElectron, FakeEvent, fakeFrame, fakeSource } from '../fakes/electron';

const SERVER_URL = 'http://127.0.0.1:43210/';

function setup(env: { rendererUrl?: string } = {}, platform = 'linux') {
  const electron = createFakeElectron();
  const server = {
    listen: vi.fn(() => Promise.resolve({ url: SERVER_URL })),
    close: vi.fn(() => Promise.resolve()),
  };
  const createServer = vi.fn<CreateServer>(() => server);
  const started = startApp({
    ...electron,
    createServer,
    logger: pino({ level: 'silent' }),
    platform,
    env,
    paths: { preload: '/app/out/preload/index.cjs', renderer: '/app/out/renderer' },
  });
  return { electron, server, createServer, started };
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
});
