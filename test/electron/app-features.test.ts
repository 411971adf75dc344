import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../common/ipc';
import { fakeFrame, fakeSource } from '../fakes/electron';
import { fromFirstWindow, PAGE_URL, SERVER_URL, startFakeApp } from './support/start-app';

describe('startApp wires the features', () => {
  it('registers a handler for every IPC channel, answering only our window', async () => {
    const { electron, started } = startFakeApp();
    await started;
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(IPC_CHANNELS).sort());

    const { from: fromWindow } = fromFirstWindow(electron);
    await expect(electron.ipcMain.invoke(fromWindow, 'app:signaling-url')).resolves.toEqual({
      ok: true,
      data: SERVER_URL,
    });
    const stray = new electron.BrowserWindow({}).webContents;
    await expect(
      electron.ipcMain.invoke({ sender: stray, senderFrame: fakeFrame(PAGE_URL) }, 'app:signaling-url'),
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
      frame: fakeFrame(PAGE_URL),
      videoRequested: true,
      audioRequested: false,
    });
    expect(streams).toEqual({ video: { id: 'screen:0:0', name: 'Screen' } });
  });

  it('applies the security rules to the window it creates', async () => {
    const { electron, started } = startFakeApp();
    await started;
    const contents = electron.BrowserWindow.created[0]?.webContents;
    expect(contents?.navigate('https://evil.example/')).toBe(true);
    expect(contents?.navigate(`${PAGE_URL}#/room/x`)).toBe(false);
    expect(contents?.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    const session = electron.session.defaultSession;
    await expect(
      session.requestPermission('geolocation', { isMainFrame: true, requestingUrl: PAGE_URL }),
    ).resolves.toBe(false);
    await expect(
      session.requestPermission('media', {
        isMainFrame: true,
        requestingUrl: PAGE_URL,
        mediaTypes: ['audio'],
      }),
    ).resolves.toBe(true);
    const headers = await session.webRequest.receive(PAGE_URL);
    expect(headers.responseHeaders?.['Content-Security-Policy']?.[0]).toContain("script-src 'self'");
  });

  it('lets the page connect to a LAN server the user chose, and to nothing else', async () => {
    const { electron, started } = startFakeApp();
    await started;
    const { from } = fromFirstWindow(electron);
    const session = electron.session.defaultSession;
    const connectSrc = async () =>
      (await session.webRequest.receive(PAGE_URL)).responseHeaders?.['Content-Security-Policy']?.[0]
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

  async function started() {
    const context = startFakeApp();
    await context.started;
    return { ...context, ...fromFirstWindow(context.electron) };
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
      expect.objectContaining({ active: true, urls: [], port: result.data.port, approval: true }),
    ]);
    expect(devtools.sent).toEqual([]);
    expect(bonjour.published[0]?.config).toMatchObject({ name: 'Nearcast-test', port: result.data.port });
    await expect(electron.ipcMain.invoke(from, 'hosting:stop')).resolves.toEqual({ ok: true, data: null });
  });

  it('puts the call status in the tray and the title of the window it opened', async () => {
    const { electron, window, from } = await started();
    await electron.ipcMain.invoke(from, 'call:set-status', {
      inCall: true,
      sharing: true,
      muted: false,
      peers: ['Ada'],
      transfers: 0,
    });
    expect(electron.Tray.created[0]?.toolTip).toContain('sharing your screen');
    expect(window.title).toMatch(/^● Sharing/);
    expect(electron.Menu.applicationMenu?.click('Open logs')).toBe(true);
    expect(electron.shell.openPath).toHaveBeenCalledWith('/logs');
  });

  it('reopens the window where it was closed', async () => {
    const { electron, started: running, settings } = startFakeApp({}, 'darwin');
    await running;
    settings.set('closeToTray', false);
    const { window } = fromFirstWindow(electron);
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
    const { electron, started: running } = startFakeApp({}, 'linux', [
      '/app/nearcast',
      'nearcast://join?room=standup',
    ]);
    await running;
    const window = electron.BrowserWindow.created[0];
    window?.webContents.emit('did-finish-load');
    expect(window?.webContents.sentOn('app:deep-link')).toEqual([{ kind: 'join', room: 'standup' }]);
  });
});
