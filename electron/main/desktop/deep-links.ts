/**
 * Delivers `nearcast://` links to the renderer, whichever way the OS hands them over: on the first
 * launch's command line (Windows, Linux), in a second launch's command line ('second-instance', which
 * also brings our window forward), or as macOS's 'open-url' event — which can fire before the app is
 * ready, so this module is enabled first. A link that arrives before the page has loaded waits for it.
 */
import type { Logger } from 'pino';
import type { DeepLink } from '../../../common/ipc';
import type { AppLike, BrowserWindowLike } from '../electron-api';
import type { WindowEvents } from '../window-events';
import { deepLinkFromArgv, parseDeepLink } from './deep-link';

export interface DeepLinksOptions {
  app: Pick<AppLike, 'on'>;
  events: WindowEvents;
  /** Our open main windows, newest last. */
  windows: () => readonly BrowserWindowLike[];
  argv: readonly string[];
  logger: Logger;
}

export interface DeepLinks {
  /** Sends any waiting link once this window's page has loaded (and its listeners are subscribed). */
  attachWindow(window: BrowserWindowLike): void;
  dispose(): void;
}

/** Brings the newest window to the front, restoring it when minimised. */
export function focusNewest(windows: readonly BrowserWindowLike[]): void {
  const window = windows.at(-1);
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export function enableDeepLinks({ app, events, windows, argv, logger }: DeepLinksOptions): DeepLinks {
  const log = logger.child({ name: 'main:deep-link' });
  const loaded = new WeakSet<BrowserWindowLike>();
  let pending: DeepLink | null = deepLinkFromArgv(argv);
  let disposed = false;

  const deliver = (link: DeepLink): void => {
    if (windows().some((window) => loaded.has(window))) events.send('app:deep-link', link);
    else pending = link;
  };

  app.on('second-instance', (_event, secondArgv) => {
    if (disposed) return;
    focusNewest(windows());
    const link = deepLinkFromArgv(secondArgv);
    if (link) deliver(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (disposed) return;
    const link = parseDeepLink(url);
    if (link) deliver(link);
    else log.warn('ignored a nearcast:// link that is not one of ours');
  });

  return {
    attachWindow(window) {
      window.webContents.once('did-finish-load', () => {
        loaded.add(window);
        if (pending && !disposed) {
          events.send('app:deep-link', pending);
          pending = null;
        }
      });
    },
    dispose() {
      disposed = true;
    },
  };
}
