/**
 * Runs startApp against a fresh fake electron module, a fake embedded server and a fake mDNS, as the
 * composition root would run it against the real ones. Shared by the app tests.
 */
import * as fs from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { vi } from 'vitest';
import { startApp, type RunningApp } from '../../../electron/main/app';
import { APP_PAGE_URL } from '../../../electron/main/app-origin';
import type { CreateServer } from '../../../electron/main/embedded-server';
import { FakeAutoUpdater, FAKE_PUBLISHER_KEYS } from '../../fakes/auto-updater';
import { createFakeElectron, fakeFrame } from '../../fakes/electron';
import { FakeBonjour } from './fake-bonjour';

export const SERVER_URL = 'http://127.0.0.1:43210/';
/** What the window loads in a packaged app: the app's own scheme, not the server. */
export const PAGE_URL = APP_PAGE_URL;

function fakeServer() {
  return {
    listen: vi.fn(() => Promise.resolve({ url: SERVER_URL })),
    close: vi.fn(() => Promise.resolve()),
    httpServer: new EventEmitter(),
    io: { sockets: { sockets: new Map() } },
    setGuestGate: vi.fn(),
  };
}

/**
 * Starts the app; `started` resolves with the running app (rejecting if startApp returned null), and
 * `starting` with whatever startApp resolved to.
 */
export function startFakeApp(
  env: { rendererUrl?: string } = {},
  platform = 'linux',
  argv: string[] = [],
  electron = createFakeElectron(),
) {
  const server = fakeServer();
  const createServer = vi.fn<CreateServer>(() => server);
  const settings = new Map<string, unknown>();
  const bonjour = new FakeBonjour();
  const autoUpdater = new FakeAutoUpdater();
  const starting = startApp({
    ...electron,
    createServer,
    bonjour,
    autoUpdater,
    updatePublisherKeys: FAKE_PUBLISHER_KEYS,
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
  return { electron, server, createServer, starting, started, settings, bonjour, autoUpdater };
}

/** An IPC event from the main frame of the first window startApp opened. */
export function fromFirstWindow(electron: ReturnType<typeof createFakeElectron>) {
  const window = electron.BrowserWindow.created[0];
  if (!window) throw new Error('no window');
  return { window, from: { sender: window.webContents, senderFrame: fakeFrame(PAGE_URL) } };
}
