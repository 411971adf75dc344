/**
 * No new windows. `window.open` and `target=_blank` are always denied inside the app; an http or https
 * link (on a LAN without internet, pages people share are often plain http: a wiki, a printer) is
 * handed to the system browser instead, where it runs with none of our privileges. Other schemes
 * (`file:`, `javascript:`, `smb:`, custom protocol handlers) are dropped: passing them to the OS could
 * launch programs or open local files.
 *
 * Implements Electron security checklist #14 "Disable or limit creation of new windows" and #15 "Do not
 * use shell.openExternal with untrusted content"
 * (https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows).
 */
import type { Logger } from 'pino';
import type { WebContentsLike } from '../electron-api/app';
import type { ShellLike } from '../electron-api/desktop';

export interface WindowOpenOptions {
  shell: ShellLike;
  logger: Logger;
}

/** Only http and https URLs without embedded credentials leave the app, and only to the system browser. */
export function isExternallyOpenable(url: string): boolean {
  try {
    const parsed = new URL(url);
    const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    return web && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export function denyWindowOpen(contents: WebContentsLike, { shell, logger }: WindowOpenOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternallyOpenable(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not open a link in the system browser');
      });
    } else {
      logger.warn({ scheme: url.split(':', 1)[0] }, 'dropped a window.open with a scheme we do not open');
    }
    return { action: 'deny' };
  });
}
