/**
 * The single window factory. Every BrowserWindow the app creates comes from here, so the security-relevant
 * webPreferences are written in one place and a test pins them.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { BrowserWindowClass, BrowserWindowLike, Rectangle } from './electron-api';

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
