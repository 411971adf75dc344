/**
 * The main window: the single window factory, and the set of main windows the rest of main talks to.
 * Every BrowserWindow the app creates comes from here, so the security-relevant webPreferences are
 * written in one place and a test pins them; and only the windows opened here count as ours, for the IPC
 * sender check and for the events main sends.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from 'pino';
import type { IpcEvent, IpcEvents } from '../../common/ipc';
import type { BrowserWindowClass, BrowserWindowLike, Rectangle } from './electron-api/app';

/** The renderer's dark `--bg`, so the window does not flash white before the first paint. */
export const WINDOW_BACKGROUND = '#111317';

/**
 * The main window's options. The webPreferences are spelled out even where they equal Electron's
 * defaults: defaults have changed between releases, and an explicit value survives an upgrade and a
 * careless edit (Electron security checklist #2 "Do not enable Node.js integration for remote content",
 * #3 "Enable Context Isolation", #4 "Enable process sandboxing", #6 "Do not disable webSecurity" — left at
 * its default, true — and #12 "Verify WebView options before creation": the tag is off entirely).
 * WebRTC runs in this sandboxed renderer; nothing here needs Node.
 */
export function mainWindowOptions(
  preloadPath: string,
  bounds: Rectangle | null = null,
): BrowserWindowConstructorOptions {
  return {
    title: 'Nearcast',
    width: 1280,
    height: 800,
    // Bounds remembered from the last run, already checked to be on a connected display.
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      // Closed to the tray, the hidden page must still get signaling and ring (its ring repeats on a
      // timer, which Chromium would slow to once a minute in a background page).
      backgroundThrottling: false,
      // Electron's default, spelled out: the ring must sound in a window nobody has clicked since launch.
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}

export interface CreateMainWindowOptions {
  BrowserWindow: BrowserWindowClass;
  preloadPath: string;
  bounds?: Rectangle | null;
}

/** Creates the window hidden and shows it once the first frame is ready, so users never see a blank one. */
export function createMainWindow({
  BrowserWindow,
  preloadPath,
  bounds = null,
}: CreateMainWindowOptions): BrowserWindowLike {
  // electronegativity CONTEXT_ISOLATION_JS_CHECK flags this line because it cannot follow the options
  // into mainWindowOptions(); they set contextIsolation: true, pinned by test/electron/window.test.ts.
  // Allowlisted with this reason in scripts/electronegativity.mjs.
  const window = new BrowserWindow(mainWindowOptions(preloadPath, bounds));
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Main → renderer events, typed by `IpcEvents` in common/ipc so main and the preload cannot disagree. */
export interface WindowEvents {
  send<E extends IpcEvent>(event: E, payload: IpcEvents[E]): void;
}

export interface MainWindows extends WindowEvents {
  /** Opens a main window on `url`, at `bounds` when given; listeners of onOpened see it before it loads. */
  open(url: string, bounds: Rectangle | null): BrowserWindowLike;
  /** The open main windows, oldest first. */
  list(): readonly BrowserWindowLike[];
  /** Whether an IPC sender is the WebContents of one of our open windows (not devtools, not a stray). */
  isOurs(sender: object): boolean;
  /** Called with each window as it opens, before its page loads; returns an unsubscribe. */
  onOpened(listener: (window: BrowserWindowLike) => void): () => void;
  /** Brings the newest window to the front, restoring it when minimised. */
  focusNewest(): void;
}

export interface MainWindowsOptions {
  BrowserWindow: BrowserWindowClass;
  preloadPath: string;
  logger: Logger;
}

export function createMainWindows({ BrowserWindow, preloadPath, logger }: MainWindowsOptions): MainWindows {
  const log = logger.child({ name: 'main:window' });
  const windows: BrowserWindowLike[] = [];
  const openedListeners = new Set<(window: BrowserWindowLike) => void>();

  return {
    open(url, bounds) {
      const window = createMainWindow({ BrowserWindow, preloadPath, bounds });
      windows.push(window);
      window.on('closed', () => {
        windows.splice(windows.indexOf(window), 1);
      });
      for (const listener of openedListeners) listener(window);
      window
        .loadURL(url)
        .catch((error: unknown) => log.error({ err: error }, 'the window could not load the app'));
      return window;
    },
    list: () => windows,
    isOurs: (sender) => windows.some((window) => window.webContents === sender),
    onOpened(listener) {
      openedListeners.add(listener);
      return () => openedListeners.delete(listener);
    },
    focusNewest() {
      const window = windows.at(-1);
      if (!window) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    send(event, payload) {
      // Only our own windows' contents, never devtools; a destroyed one is skipped instead of throwing.
      for (const { webContents } of windows) {
        if (!webContents.isDestroyed()) webContents.send(event, payload);
      }
    },
  };
}
