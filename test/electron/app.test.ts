import { describe, expect, it, vi } from 'vitest';
import { ModuleEnableError } from '../../electron/main/module-runner';
import { createFakeElectron, FakeEvent } from '../fakes/electron';
import { SERVER_URL, startFakeApp } from './support/start-app';

describe('startApp', () => {
  it('starts the embedded server on a free loopback port serving the built renderer', async () => {
    const { createServer, started } = startFakeApp();
    await started;
    expect(createServer).toHaveBeenCalledOnce();
    expect(createServer.mock.calls[0]?.[0]).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      staticDir: '/app/out/renderer',
    });
  });

  it('opens one window with the preload on the app scheme, the same origin whatever the port', async () => {
    const { electron, started } = startFakeApp();
    const running = await started;
    expect(electron.BrowserWindow.created).toHaveLength(1);
    const [window] = electron.BrowserWindow.created;
    expect(window?.options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(window?.loadedUrls).toEqual(['nearcast-app://app/']);
    expect(running.trustedOrigin).toBe('nearcast-app://app');
    expect(running.signalingUrl).toBe(SERVER_URL);
  });

  it('declares the scheme privileged before Electron is ready and serves it from out/renderer', async () => {
    const electron = createFakeElectron();
    let readyAsked = false;
    electron.app.whenReady.mockImplementation(() => {
      readyAsked = true;
      return Promise.resolve();
    });
    electron.protocol.registerSchemesAsPrivileged = vi.fn((schemes) => {
      expect(readyAsked).toBe(false);
      electron.protocol.privileged.push(...schemes);
    });
    const { started } = startFakeApp({}, 'linux', [], electron);
    const running = await started;
    expect(electron.protocol.privileged).toEqual([
      {
        scheme: 'nearcast-app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
      },
    ]);
    const protocol = electron.session.defaultSession.protocol;
    expect(protocol.isProtocolHandled('nearcast-app')).toBe(true);
    await running.shutdown();
    expect(protocol.isProtocolHandled('nearcast-app')).toBe(false);
  });

  it('lets the app scheme open sockets to the embedded server', async () => {
    const { createServer, started } = startFakeApp();
    await started;
    expect(createServer.mock.calls[0]?.[0].allowedOrigins).toEqual(['nearcast-app://app']);
  });

  it('loads the dev server URL when given and trusts that origin instead', async () => {
    const { electron, started } = startFakeApp({ rendererUrl: 'http://localhost:5173' });
    const running = await started;
    expect(electron.BrowserWindow.created[0]?.loadedUrls).toEqual(['http://localhost:5173']);
    expect(running.trustedOrigin).toBe('http://localhost:5173');
    expect(running.signalingUrl).toBe(SERVER_URL);
  });

  it('keeps running in the tray when the window closes, and shows it again from the Dock', async () => {
    const linux = startFakeApp();
    await linux.started;
    const [window] = linux.electron.BrowserWindow.created;
    window?.show();
    expect(window?.close()).toBe(false);
    expect(window?.visible).toBe(false);
    expect(linux.electron.app.quit).not.toHaveBeenCalled();

    const mac = startFakeApp({}, 'darwin');
    await mac.started;
    expect(mac.electron.BrowserWindow.created[0]?.close()).toBe(false);
    mac.electron.app.emit('activate');
    expect(mac.electron.BrowserWindow.created).toHaveLength(1);
    expect(mac.electron.BrowserWindow.created[0]?.visible).toBe(true);
  });

  it('quits when the last window closes with closing to the tray off, except on macOS', async () => {
    const linux = startFakeApp();
    await linux.started;
    linux.settings.set('closeToTray', false);
    linux.electron.BrowserWindow.created[0]?.close();
    expect(linux.electron.app.quit).toHaveBeenCalled();

    const mac = startFakeApp({}, 'darwin');
    await mac.started;
    mac.settings.set('closeToTray', false);
    mac.electron.BrowserWindow.created[0]?.close();
    expect(mac.electron.app.quit).not.toHaveBeenCalled();
    mac.electron.app.emit('activate');
    expect(mac.electron.BrowserWindow.created).toHaveLength(2);
  });

  it('holds the quit until every module is disposed, the server last, then quits', async () => {
    const { electron, server, started, bonjour } = startFakeApp();
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
    const { electron, server, started } = startFakeApp();
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
    const { server, started } = startFakeApp({}, 'linux', [], electron);
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
    const { server, started } = startFakeApp({}, 'linux', [], electron);
    server.listen.mockRejectedValueOnce(new Error('EACCES'));
    await expect(started).rejects.toMatchObject({ module: 'embedded server' });
    expect(server.close).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
    expect(electron.session.defaultSession.permissionRequestHandler).toBeNull();
  });

  it('hands over to the running instance when it is the second one', async () => {
    const electron = createFakeElectron();
    electron.app.singleInstanceLock = false;
    const { starting, createServer } = startFakeApp({}, 'linux', [], electron);
    await expect(starting).resolves.toBeNull();
    expect(electron.app.hasQuit).toBe(true);
    expect(createServer).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.created).toHaveLength(0);
  });
});
