import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).createFakeElectron());
vi.mock('../../server/src/signaling-server', async () => {
  const { EventEmitter } = await import('node:events');
  return {
    createSignalingServer: vi.fn(() => ({
      listen: () => Promise.resolve({ host: '127.0.0.1', port: 45678, url: 'http://127.0.0.1:45678/' }),
      close: () => Promise.resolve(),
      httpServer: new EventEmitter(),
      io: { sockets: { sockets: new Map() } },
      setGuestGate: vi.fn(),
    })),
  };
});
// The real ones reach for Electron internals (log file paths, userData) or the network (mDNS).
vi.mock('electron-log/main', () => ({
  default: {
    transports: { console: { level: 'info' }, file: { getFile: () => ({ path: '/logs/main.log' }) } },
    info: vi.fn(),
  },
}));
vi.mock('electron-store', () => ({
  default: class {
    get(): unknown {
      return undefined;
    }
    set(): void {}
  },
}));
vi.mock('bonjour-service', async () => ({
  Bonjour: (await import('./support/fake-bonjour')).FakeBonjour,
}));

describe('composition root', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('starts the app with the real factory and the electron-vite output layout', async () => {
    vi.stubEnv('NEARCAST_LOG_LEVEL', 'silent');
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
    await import('../../electron/main/index');
    const electron = (await import('electron')) as unknown as FakeElectron;
    const { createSignalingServer } = await import('../../server/src/signaling-server');

    await vi.waitFor(() => expect(electron.BrowserWindow.created).toHaveLength(1));
    const [window] = electron.BrowserWindow.created;
    expect(window?.options.webPreferences?.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(window?.loadedUrls).toEqual(['nearcast-app://app/']);
    expect(electron.protocol.privileged.map(({ scheme }) => scheme)).toEqual(['nearcast-app']);
    expect(vi.mocked(createSignalingServer).mock.calls[0]?.[0]).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      staticDir: expect.stringMatching(/[\\/]renderer$/),
    });
    expect(electron.app.exit).not.toHaveBeenCalled();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.Tray.created).toHaveLength(1);
    expect(electron.Menu.applicationMenu).not.toBeNull();
  });
});
