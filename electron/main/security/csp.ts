/**
 * Content-Security-Policy for everything the window loads from our origin. The embedded server already
 * sends a CSP in production; main sets the header again so the policy also holds for the Vite dev server
 * (which sends none) and so the app's policy cannot be loosened by whatever the page origin serves.
 * Any CSP header in the response is replaced, not merged: one policy, built by common/csp.ts, which
 * the server uses too.
 *
 * Implements Electron security checklist #7 "Define a Content Security Policy"
 * (https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy).
 */
import type { Logger } from 'pino';
import type { SessionLike } from '../electron-api/session';
import { originOf } from './trust';

export interface CspHeaderOptions {
  session: Pick<SessionLike, 'webRequest'>;
  trustedOrigin: string;
  /** Read for every response: the policy follows the user's choice of server (server-choice.ts). */
  policy: () => string;
  logger: Logger;
}

/** Sets the header on every response from the trusted origin; returns a function removing the listener. */
export function enableCspHeader({ session, trustedOrigin, policy, logger }: CspHeaderOptions): () => void {
  logger.debug({ policy: policy() }, 'content security policy');
  session.webRequest.onHeadersReceived((details, callback) => {
    if (originOf(details.url) !== trustedOrigin) {
      callback({});
      return;
    }
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [policy()];
    callback({ responseHeaders });
  });
  return () => session.webRequest.onHeadersReceived(null);
}
