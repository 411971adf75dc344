/**
 * Which signaling server the window talks to: the embedded one (default) or one the user chose on the
 * Home screen (typed, or found on the LAN). Main keeps the choice because main writes the page's CSP:
 * the page may connect to the embedded server and to the chosen one, nowhere else.
 */
import type { Logger } from 'pino';
import { err, ok, type Result } from '../../../common/result';
import { parseServerAddress } from '../../../common/server-address';
import type { SettingsStore } from '../settings';

export interface ServerChoice {
  /** The URL the renderer connects to. */
  current(): string;
  /** The chosen server's origin when it is not the embedded one; the CSP allows it. */
  remoteOrigin(): string | null;
  /** Chooses a server (null: back to the embedded one). The page reloads to apply it. */
  choose(address: string | null): Result<string>;
}

export function createServerChoice(options: {
  settings: Pick<SettingsStore, 'get' | 'set'>;
  embeddedUrl: string;
  logger: Logger;
}): ServerChoice {
  const { settings, embeddedUrl } = options;
  const log = options.logger.child({ name: 'main:server' });
  const chosen = (): string | null => {
    const stored = settings.get('signalingServer');
    if (stored === null) return null;
    const parsed = parseServerAddress(stored);
    return parsed.ok && parsed.data !== embeddedUrl ? parsed.data : null;
  };
  return {
    current: () => chosen() ?? embeddedUrl,
    remoteOrigin: () => {
      const url = chosen();
      return url ? new URL(url).origin : null;
    },
    choose(address) {
      if (address === null) {
        settings.set('signalingServer', null);
        log.info('back to the embedded server');
        return ok(embeddedUrl);
      }
      const parsed = parseServerAddress(address);
      if (!parsed.ok) return err(parsed.error.code, parsed.error.message);
      settings.set('signalingServer', parsed.data === embeddedUrl ? null : parsed.data);
      log.info({ server: parsed.data }, 'signaling server chosen');
      return ok(parsed.data);
    },
  };
}
