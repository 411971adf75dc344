/**
 * The overlay over a shared display: while the user shares a whole screen, a transparent window
 * covers exactly that display, above everything, lets every click through to what is under it, and
 * draws the pointers and strokes people put on the share, so the sharer sees them where they work.
 *
 * It must not end up in the capture it annotates (viewers would see every pointer twice, the copy in
 * the picture late and drifting). It is kept out with `setContentProtection(true)`, which Windows
 * (WDA_EXCLUDEFROMCAPTURE) and macOS (NSWindowSharingNone) honour for screen capture; Electron has no
 * way to keep a window out of a capture on Linux, so there the overlay is not opened and the sharer
 * sees pointers on the app's own preview only. A shared window gets no overlay: Electron cannot read
 * another application's window bounds to follow them.
 *
 * The overlay page is the renderer's `overlay.html`, loaded from the app's own origin with the main
 * window's security settings. It only listens: it is not one of our main windows, so the IPC registry
 * refuses anything it would invoke.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from 'pino';
import type { OverlayState } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import type { Rectangle, WindowContentsLike } from '../electron-api/app';

/** Platforms whose capture leaves out a window with content protection on. */
export const CONTENT_PROTECTED_PLATFORMS: ReadonlySet<string> = new Set(['win32', 'darwin']);

export interface OverlayWindowLike {
  readonly webContents: Pick<WindowContentsLike, 'send' | 'isDestroyed' | 'once'>;
  loadURL(url: string): Promise<void>;
  setIgnoreMouseEvents(ignore: boolean): void;
  setAlwaysOnTop(flag: boolean, level: 'screen-saver'): void;
  setVisibleOnAllWorkspaces(visible: boolean): void;
  setContentProtection(enable: boolean): void;
  setBounds(bounds: Partial<Rectangle>): void;
  showInactive(): void;
  close(): void;
  on(event: 'closed', listener: () => void): unknown;
}

export interface OverlayWindowClass {
  new (options: BrowserWindowConstructorOptions): OverlayWindowLike;
}

/** The displays, by Electron's id (a desktopCapturer screen source's `display_id` is that id as text). */
export interface DisplaysLike {
  getAllDisplays(): ReadonlyArray<{ readonly id: number; readonly bounds: Rectangle }>;
}

/**
 * The overlay's options: the main window's webPreferences (Electron security checklist #2, #3, #4,
 * #12, see window.ts) and a frameless, transparent, unfocusable window at exactly the display's bounds.
 */
export function overlayWindowOptions(
  preloadPath: string,
  bounds: Rectangle,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    show: false,
    frame: false,
    transparent: true,
    backgroundColor: '#00000000',
    hasShadow: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    focusable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    enableLargerThanScreen: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      // It draws while the user works in other apps, never in front.
      backgroundThrottling: false,
    },
  };
}

export interface OverlayOptions {
  BrowserWindow: OverlayWindowClass;
  screen: DisplaysLike;
  preloadPath: string;
  /** `overlay.html` on the app's own origin. */
  url: string;
  platform: string;
  logger: Logger;
}

export interface Overlay {
  /** A screen share was granted: its display is where the overlay goes; null for a window. */
  granted(displayId: string | null): void;
  /** Draws `state` over the shared display (opening the overlay), or closes it when null. */
  show(state: OverlayState | null): Result<null>;
  close(): void;
}

export function createOverlay(options: OverlayOptions): Overlay {
  const log = options.logger.child({ name: 'main:overlay' });
  let displayId: string | null = null;
  let window: OverlayWindowLike | null = null;
  let loaded = false;
  let latest: OverlayState | null = null;

  function open(bounds: Rectangle): OverlayWindowLike {
    const created = new options.BrowserWindow(overlayWindowOptions(options.preloadPath, bounds));
    created.setContentProtection(true);
    created.setIgnoreMouseEvents(true);
    created.setAlwaysOnTop(true, 'screen-saver');
    created.setVisibleOnAllWorkspaces(true);
    created.on('closed', () => {
      if (window === created) window = null;
    });
    loaded = false;
    created.webContents.once('did-finish-load', () => {
      if (window !== created) return;
      loaded = true;
      if (latest) created.webContents.send('annotations:overlay-state', latest);
    });
    created
      .loadURL(options.url)
      .catch((error: unknown) => log.error({ err: error }, 'the overlay could not load'));
    created.showInactive();
    return created;
  }

  function close(): void {
    const closing = window;
    window = null;
    latest = null;
    if (closing && !closing.webContents.isDestroyed()) closing.close();
  }

  return {
    granted(id) {
      displayId = id;
      if (id === null) close();
    },
    show(state) {
      if (state === null) {
        close();
        return ok(null);
      }
      if (!CONTENT_PROTECTED_PLATFORMS.has(options.platform)) {
        return err('UNAVAILABLE', 'The overlay cannot be kept out of the capture on this system.');
      }
      const display = options.screen.getAllDisplays().find((d) => String(d.id) === displayId);
      if (!display) return err('UNAVAILABLE', 'No shared screen to draw over.');
      latest = state;
      if (!window) window = open(display.bounds);
      else window.setBounds(display.bounds);
      if (loaded && !window.webContents.isDestroyed()) {
        window.webContents.send('annotations:overlay-state', state);
      }
      return ok(null);
    },
    close,
  };
}
