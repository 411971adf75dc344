/**
 * The signaling server inside the app, on loopback only: the app's own window talks to it, always. LAN
 * guests come in through hosting's second listener, only while the user hosts. The window does not load
 * its page from here: the server's port changes at every start, and with it the origin that browser
 * storage belongs to. The page comes from the app's scheme (app-protocol.ts), or the dev server in
 * development; that URL gives the one origin every security rule trusts.
 */
import type { Logger } from 'pino';
import { CodedError } from '../../common/result';
import { APP_ORIGIN, APP_PAGE_URL } from './app-origin';
import type { GatewayServer } from './hosting/hosting';
import type { AppModule } from './module-runner';
import { originOf } from './security/trust';

export const EMBEDDED_SERVER_HOST = '127.0.0.1';

/** The slice of server/src/signaling-server the shell uses; the real factory fits it structurally. */
export interface EmbeddedServer extends GatewayServer {
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
}

export type CreateServer = (options: {
  host: string;
  port: number;
  staticDir: string | null;
  /** Page origins besides loopback ones allowed to open a socket: the app's scheme. */
  allowedOrigins: readonly string[];
  logger: Logger;
}) => EmbeddedServer;

export interface RunningServer {
  /** For hosting, which hands LAN connections to this same server. */
  server: EmbeddedServer;
  /** Where the embedded server answers (loopback, a free port). */
  url: string;
  /** The URL the window loads: the dev server in development, the app's scheme otherwise. */
  pageUrl: string;
  /** Origin of `pageUrl`: the only origin allowed IPC, permissions, navigation and screen capture. */
  trustedOrigin: string;
  /** Origin of `url`, which the page's CSP lets it connect to. */
  signalingOrigin: string;
  dispose(): Promise<void>;
}

export interface EmbeddedServerOptions {
  createServer: CreateServer;
  /** The built web client the server serves to LAN guests (out/renderer). */
  staticDir: string;
  /** The electron-vite dev server's URL, absent in a packaged app. */
  rendererUrl?: string;
  logger: Logger;
}

export function embeddedServerModule(options: EmbeddedServerOptions): AppModule<RunningServer> {
  return {
    name: 'embedded server',
    async enable() {
      const log = options.logger.child({ name: 'main:app' });
      const server = options.createServer({
        host: EMBEDDED_SERVER_HOST,
        port: 0,
        staticDir: options.staticDir,
        allowedOrigins: [APP_ORIGIN],
        logger: options.logger,
      });
      const { url } = await server.listen();
      const pageUrl = options.rendererUrl || APP_PAGE_URL;
      const trustedOrigin = originOf(pageUrl);
      const signalingOrigin = originOf(url);
      if (!trustedOrigin || !signalingOrigin) {
        await server.close();
        throw new CodedError('BAD_RENDERER_URL', `Cannot derive an origin from ${pageUrl} / ${url}.`);
      }
      log.info({ pageUrl, signalingUrl: url }, 'embedded server listening');
      return {
        server,
        url,
        pageUrl,
        trustedOrigin,
        signalingOrigin,
        async dispose() {
          await server.close();
          log.info('embedded server closed');
        },
      };
    },
  };
}
