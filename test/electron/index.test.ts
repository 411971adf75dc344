import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeAutoUpdater } from '../fakes/auto-updater';
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
// The forwarding unit's worker has its own tests (test/server/unit/); here, that main starts one.
vi.mock('../../server/src/unit/create-forwarding-unit', async () => {
  const { FakeForwardingUnit } = await import('../fakes/forwarding-unit');
  return { createForwardingUnit: vi.fn(() => Promise.resolve(new FakeForwardingUnit())) };
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
// The real autoUpdater is built on first read, from Electron's own app (required outside vi.mock's reach).
vi.mock('electron-updater', async () => ({
  default: { autoUpdater: new (await import('../fakes/auto-updater')).FakeAutoUpdater() },
}));
/** What each `new Bonjour(…)` was given. */
const bonjourArgs = vi.hoisted(() => [] as unknown[][]);
vi.mock('bonjour-service', async () => {
  const { FakeBonjour } = await import('./support/fake-bonjour');
  return {
    Bonjour: class extends FakeBonjour {
      constructor(...args: unknown[]) {
        super();
        bonjourArgs.push(args);
      }
    },
  };
});

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
      forwarding: { unit: expect.objectContaining({ fingerprint: expect.stringMatching(/^sha-256 /) }) },
    });
    expect(electron.app.exit).not.toHaveBeenCalled();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.Tray.created).toHaveLength(1);
    expect(electron.Menu.applicationMenu).not.toBeNull();
    const updater = (await import('electron-updater')).default.autoUpdater as unknown as FakeAutoUpdater;
    expect(updater.autoDownload).toBe(false);
    // Without an error callback bonjour-service throws when a multicast answer cannot be sent (the
    // network went away a moment), which would take the main process down with it.
    const onError = bonjourArgs[0]?.[1];
    expect(onError).toBeTypeOf('function');
    expect(() => (onError as (error: Error) => void)(new Error('send ENETUNREACH'))).not.toThrow();
  });
});
