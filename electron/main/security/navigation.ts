/**
 * Navigation lock: the window only ever shows our own origin. A link, a redirect or injected script that
 * tries to take the window elsewhere is cancelled, so foreign content never runs next to our preload.
 *
 * Implements Electron security checklist #13 "Disable or limit navigation"
 * (https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation).
 */
import type { Logger } from 'pino';
import type { NavigationEvent, WebContentsLike } from '../electron-api/app';
import { originOf } from './trust';

export interface NavigationLockOptions {
  trustedOrigin: string;
  logger: Logger;
}

/** Whether the window may go to `url`: same origin as the page we loaded, nothing else. */
export function isNavigationAllowed(url: string, trustedOrigin: string): boolean {
  return originOf(url) === trustedOrigin;
}

export function lockNavigation(
  contents: WebContentsLike,
  { trustedOrigin, logger }: NavigationLockOptions,
): void {
  const guard = (kind: string) => (event: NavigationEvent) => {
    if (isNavigationAllowed(event.url, trustedOrigin)) return;
    event.preventDefault();
    logger.warn({ kind, targetOrigin: originOf(event.url) }, 'blocked navigation away from the app origin');
  };
  contents.on('will-navigate', guard('navigate'));
  contents.on('will-redirect', guard('redirect'));
}
