/**
 * The application menu: the standard roles (so copy and paste work in text fields on macOS), no reload
 * or devtools entries in a packaged app, and Help › "Open logs", which opens the log folder in the
 * file manager so a user can attach the file to a bug report.
 */
import type { MenuTemplate } from '../electron-api/desktop';

export interface AppMenuOptions {
  platform: string;
  /** Development builds keep Reload and the devtools. */
  dev: boolean;
  openLogs: () => void;
}

export function appMenuTemplate({ platform, dev, openLogs }: AppMenuOptions): MenuTemplate {
  const template: MenuTemplate = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({ role: 'fileMenu' }, { role: 'editMenu' });
  template.push(
    dev
      ? { role: 'viewMenu' }
      : {
          label: 'View',
          submenu: [
            { role: 'resetZoom' },
            { role: 'zoomIn' },
            { role: 'zoomOut' },
            { role: 'togglefullscreen' },
          ],
        },
  );
  template.push({ role: 'windowMenu' });
  template.push({ role: 'help', submenu: [{ label: 'Open logs', click: openLogs }] });
  return template;
}
