/**
 * The page origin of the desktop window, `nearcast-app://app`, in one place: the protocol that serves
 * it (app-protocol.ts), the trust rules that compare against it (security/trust.ts) and the embedded
 * server that accepts its sockets all read it from here.
 */
import type { CustomSchemeLike } from './electron-api/session';

export const APP_SCHEME = 'nearcast-app';
export const APP_HOST = 'app';
/** The origin every security rule trusts in a packaged app. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_PAGE_URL = `${APP_ORIGIN}/`;

/**
 * Registered before 'ready' (Electron allows it no later). `standard` gives the scheme real origins,
 * relative URLs and storage; `secure` a secure context (WebCrypto, camera, microphone, screen);
 * `supportFetchAPI` and `corsEnabled` let the page fetch its assets and WebAssembly; `stream` serves
 * media and large files without buffering them whole.
 */
export const APP_SCHEME_PRIVILEGES: CustomSchemeLike = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
};
