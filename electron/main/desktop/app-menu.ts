/**
 * The application menu: the standard roles (so copy and paste work in text fields on macOS), no reload
 * or devtools entries in a packaged app, and Help › "Open logs", which opens the log folder in the
 * file manager so a user can attach the file to a bug report.
 */
import type { MenuTemplate } from '../electron-api/desktop';
import { stringsFor, type MainStrings } from './strings';

export interface AppMenuOptions {
  platform: string;
  /** Development builds keep Reload and the devtools. */
  dev: boolean;
  openLogs: () => void;
  /** Our own items' words; the role items are worded by Electron in the OS language. */
  words?: MainStrings;
}

export function appMenuTemplate({
  platform,
  dev,
  openLogs,
  words = stringsFor('en'),
}: AppMenuOptions): MenuTemplate {
  const template: MenuTemplate = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({ role: 'fileMenu' }, { role: 'editMenu' });
  template.push(
    dev
      ? { role: 'viewMenu' }
      : {
          label: words.view,
          submenu: [
            { role: 'resetZoom' },
            { role: 'zoomIn' },
            { role: 'zoomOut' },
            { role: 'togglefullscreen' },
          ],
        },
  );
  template.push({ role: 'windowMenu' });
  template.push({ role: 'help', submenu: [{ label: words.openLogs, click: openLogs }] });
  return template;
}
