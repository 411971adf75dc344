/**
 * Turns every security rule on, in one place, before any window exists. Per-WebContents rules hang off
 * `app.on('web-contents-created')` so they also cover contents we did not create ourselves (devtools,
 * anything a future feature opens); session rules go on the default session, the one our window uses.
 */
import type { Logger } from 'pino';
import type { AppLike, WebContentsLike } from '../electron-api/app';
import type { ShellLike } from '../electron-api/desktop';
import type { SessionLike } from '../electron-api/session';
import { contentSecurityPolicy } from '../../../common/csp';
import type { AppModule } from '../module-runner';
import { enableCspHeader } from './csp';
import { lockNavigation } from './navigation';
import { enablePermissionPolicy } from './permissions';
import { blockWebviews } from './webview';
import { denyWindowOpen } from './window-open';

export interface SecurityRulesOptions {
  app: Pick<AppLike, 'on' | 'removeListener'>;
  session: SessionLike;
  shell: ShellLike;
  /** Origin of the URL the main window loads: the only origin allowed to navigate, ask or be framed. */
  trustedOrigin: string;
  signalingOrigin: string;
  /** The LAN server the user chose instead of the embedded one, if any (server-choice/). */
  remoteOrigin: () => string | null;
  dev: boolean;
  logger: Logger;
}

export interface SecurityRules {
  dispose(): void;
}

export function enableSecurityRules(options: SecurityRulesOptions): SecurityRules {
  const { app, session, shell, trustedOrigin, signalingOrigin, dev } = options;
  const logger = options.logger.child({ name: 'main:security' });

  const secureContents = (contents: WebContentsLike): void => {
    lockNavigation(contents, { trustedOrigin, logger });
    denyWindowOpen(contents, { shell, logger });
    blockWebviews(contents, logger);
  };
  const onContentsCreated = (_event: unknown, contents: WebContentsLike): void => secureContents(contents);
  app.on('web-contents-created', onContentsCreated);

  const disposePermissions = enablePermissionPolicy({ session, trustedOrigin, logger });
  const disposeCsp = enableCspHeader({
    session,
    trustedOrigin,
    policy: () => contentSecurityPolicy({ dev, signalingOrigin, remoteOrigin: options.remoteOrigin() }),
    logger,
  });

  return {
    dispose() {
      app.removeListener('web-contents-created', onContentsCreated);
      disposePermissions();
      disposeCsp();
    },
  };
}

/** The rules as a module: enabled before any window opens, undone on quit with the other modules. */
export function securityModule(options: SecurityRulesOptions): AppModule<SecurityRules> {
  return { name: 'security', enable: () => enableSecurityRules(options) };
}
