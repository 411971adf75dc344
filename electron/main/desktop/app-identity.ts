/**
 * How the operating system knows the app: its id (electron-builder.yml's `appId`; on Windows, the
 * AppUserModelID that groups its taskbar button and lets its notifications show) and its tray icon.
 */
import { join } from 'node:path';

/** Must equal `appId` in electron-builder.yml (test/electron/packaging.test.ts checks it). */
export const APP_ID = 'app.nearcast.desktop';

/**
 * The tray icon in `dir` (build/tray, or resources/tray when packaged): macOS's menu bar wants a
 * template image (the glyph in black, tinted by the system for light and dark bars), Windows and Linux
 * the colour icon. Electron takes the `@2x` file beside it on high-density screens.
 */
export function trayIconPath(platform: NodeJS.Platform, dir: string): string {
  return join(dir, platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
}
