/**
 * The desktop module enabled on a fresh fake electron module, a real IPC registry, settings over a map and
 * a pino logger whose lines the test can read; shared by the desktop module's tests.
 */
import { pino } from 'pino';
import type { CallStatus } from '../../../common/ipc';
import { desktopModule } from '../../../electron/main/desktop/desktop-module';
import { createSettings } from '../../../electron/main/settings';
import { createMainWindows } from '../../../electron/main/window';
import { createFakeElectron, type FakeBrowserWindow } from '../../fakes/electron';
import { TRUSTED_ORIGIN, trustedIpc } from './ipc';

export async function setupDesktop(
  stored: Record<string, unknown> = {},
  electron = createFakeElectron(),
  platform = 'linux',
) {
  const ipc = trustedIpc();
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const clock = { now: 0 };
  const backing = new Map<string, unknown>(Object.entries(stored));
  const settings = createSettings({
    get: (key) => backing.get(key),
    set: (key, value) => backing.set(key, value),
  });
  const windows = createMainWindows({ BrowserWindow: electron.BrowserWindow, preloadPath: '/p.cjs', logger });
  const desktop = await desktopModule({
    ...electron,
    registry: ipc.registry,
    settings,
    windows,
    platform,
    dev: false,
    paths: { trayIcon: '/icon.png', logs: '/logs' },
    now: () => clock.now,
    logger,
  }).enable();
  const open = (): FakeBrowserWindow => {
    windows.open(`${TRUSTED_ORIGIN}/`, desktop.initialBounds());
    return electron.BrowserWindow.created.at(-1) as FakeBrowserWindow;
  };
  return { ...ipc, electron, backing, desktop, open, lines, clock };
}

/** A call status as the renderer pushes it. */
export const status = (over: Partial<CallStatus> = {}): CallStatus => ({
  inCall: false,
  sharing: false,
  muted: false,
  peers: [],
  transfers: 0,
  ...over,
});
