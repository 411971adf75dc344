/**
 * The signaling server inside the app, on loopback only: the app's own window talks to it, always. LAN
 * guests come in through hosting's second listener, only while the user hosts. The window does not load
 * its page from here: the server's port changes at every start, and with it the origin that browser
 * storage belongs to. The page comes from the app's scheme (app-protocol.ts), or the dev server in
 * development; that URL gives the one origin every security rule trusts.
 */
import type { Logger } from 'pino';
import { CodedError } from '../../common/result';
import type { ForwardingUnit } from '../../server/src/index';
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
  /** The forwarding unit that large rooms' media goes through; null: every room is a mesh. */
  forwarding: { unit: ForwardingUnit | null };
  logger: Logger;
}) => EmbeddedServer;

/** Starts the forwarding unit (server/src's createForwardingUnit); rejects when it cannot. */
export type CreateUnit = (logger: Logger) => Promise<ForwardingUnit>;

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
  /**
   * The forwarding unit's DTLS fingerprint, whose code the hosting panel shows for guests in large
   * rooms to compare; null when the unit did not start (rooms are then a mesh).
   */
  unitFingerprint: string | null;
  dispose(): Promise<void>;
}

export interface EmbeddedServerOptions {
  createServer: CreateServer;
  /** The built web client the server serves to LAN guests (out/renderer). */
  staticDir: string;
  /** The electron-vite dev server's URL, absent in a packaged app. */
  rendererUrl?: string;
  /**
   * Starts the forwarding unit, so a room the host shares with many LAN guests carries its media
   * through this computer once instead of a full mesh; absent: every room is a mesh.
   */
  createUnit?: CreateUnit;
  logger: Logger;
}

/** The unit, or null when it cannot start: the app works on, with mesh rooms, and says why in the log. */
async function startUnit(options: EmbeddedServerOptions, log: Logger): Promise<ForwardingUnit | null> {
  if (!options.createUnit) return null;
  try {
    return await options.createUnit(options.logger);
  } catch (error) {
    log.error({ err: error }, 'the forwarding unit could not start; rooms stay a mesh');
    return null;
  }
}

export function embeddedServerModule(options: EmbeddedServerOptions): AppModule<RunningServer> {
  return {
    name: 'embedded server',
    async enable() {
      const log = options.logger.child({ name: 'main:app' });
      const unit = await startUnit(options, log);
      const server = options.createServer({
        host: EMBEDDED_SERVER_HOST,
        port: 0,
        staticDir: options.staticDir,
        allowedOrigins: [APP_ORIGIN],
        forwarding: { unit },
        logger: options.logger,
      });
      const close = async () => {
        await server.close();
        await unit?.close();
      };
      const { url } = await server.listen().catch(async (error: unknown) => {
        await unit?.close();
        throw error;
      });
      const pageUrl = options.rendererUrl || APP_PAGE_URL;
      const trustedOrigin = originOf(pageUrl);
      const signalingOrigin = originOf(url);
      if (!trustedOrigin || !signalingOrigin) {
        await close();
        throw new CodedError('BAD_RENDERER_URL', `Cannot derive an origin from ${pageUrl} / ${url}.`);
      }
      log.info({ pageUrl, signalingUrl: url }, 'embedded server listening');
      return {
        server,
        url,
        pageUrl,
        trustedOrigin,
        signalingOrigin,
        unitFingerprint: unit?.fingerprint ?? null,
        async dispose() {
          // The server first: every member leaves the unit's rooms before the unit stops.
          await close();
          log.info('embedded server closed');
        },
      };
    },
  };
}
