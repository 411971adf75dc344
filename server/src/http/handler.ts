/**
 * The HTTP side of the server: the built web client for LAN guests, a health probe, and the security
 * headers every page needs because a guest's browser is the only sandbox the web client has.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import sirv from 'sirv';
import { contentSecurityPolicy } from '../../../common/csp';
import { TLS_INFO_PATH, type TlsInfo } from '../../../common/tls-info';
import { UPDATES_PATH } from '../../../common/updates';
import type { MetricsAccess } from './metrics-access';
import type { UpdatesHandler } from './updates';

/**
 * Nothing but our own origin may run or load code; media may come from local blobs and capture
 * streams, images from data/blob URLs (thumbnails, avatars). No framing, no forms, no plugins.
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Sent on every response from this handler, including errors, so no path is left unprotected. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self)',
};

/** Shown instead of a blank page, so whoever runs the server learns the one command that fixes it. */
export const WEB_CLIENT_MISSING_MESSAGE = 'The web client is not built. Run: npm run build:web';

/** Vite puts content-hashed files here; they never change under the same name. */
const HASHED_ASSETS_PREFIX = '/assets/';

/**
 * Whether `staticDir` holds a built web client. Checked once at startup: the static handler indexes
 * the folder when it is created, so a client built later needs a restart anyway.
 */
export function isWebClientBuilt(staticDir: string | null | undefined): staticDir is string {
  if (!staticDir) return false;
  const index = join(staticDir, 'index.html');
  return existsSync(index) && statSync(index).isFile();
}

function sendText(res: ServerResponse, status: number, body: string, head: boolean): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

/**
 * Builds the request listener. Socket.IO intercepts its own path before this runs, so everything
 * here is plain HTTP: `/healthz`, `/tls.json` (the HTTPS side, when there is one), the release files
 * under `/updates/` (a 404 when the server has none, never the web client), then the web client as a
 * single-page app, or a 503 explaining how to build it when it is missing.
 */
export function createHttpHandler(
  staticDir: string | null | undefined,
  logger: Logger,
  metrics?: Registry,
  mayReadMetrics: MetricsAccess = () => true,
  tlsInfo: TlsInfo | null = null,
  updates: UpdatesHandler | null = null,
): RequestListener {
  const log = logger.child({ name: 'server:http' });
  const root = isWebClientBuilt(staticDir) ? staticDir : null;
  if (!staticDir) log.info('no web client folder given; serving signaling only');
  else if (!root) log.warn({ staticDir }, 'web client not built; serving signaling only');

  const serveStatic = root
    ? sirv(root, {
        dev: false,
        etag: true,
        single: true,
        setHeaders(res, pathname) {
          // Hashed assets can be cached forever; index.html must be revalidated to pick up new builds.
          res.setHeader(
            'Cache-Control',
            pathname.startsWith(HASHED_ASSETS_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
        onNoMatch(req, res) {
          sendText(res, 404, 'Not found.\n', req.method === 'HEAD');
        },
      })
    : null;

  return (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed.\n', false);
      return;
    }
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (path === '/healthz') {
      sendText(res, 200, 'ok', head);
      return;
    }
    if (path === TLS_INFO_PATH && tlsInfo) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.end(head ? undefined : JSON.stringify(tlsInfo));
      return;
    }
    if (updates && (path === UPDATES_PATH.slice(0, -1) || path.startsWith(UPDATES_PATH))) {
      updates(req, res, path);
      return;
    }
    if (path === '/metrics' && metrics) {
      if (!mayReadMetrics(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        sendText(res, 401, 'The metrics of this server need its metrics token.\n', head);
        return;
      }
      metrics.metrics().then(
        (body) => {
          res.statusCode = 200;
          res.setHeader('Content-Type', metrics.contentType);
          res.setHeader('Cache-Control', 'no-store');
          res.end(head ? undefined : body);
        },
        (error: unknown) => {
          log.error({ err: error }, 'could not collect metrics');
          sendText(res, 500, 'Internal error.\n', head);
        },
      );
      return;
    }
    if (!serveStatic) {
      sendText(res, 503, `${WEB_CLIENT_MISSING_MESSAGE}\n`, head);
      return;
    }
    // sirv pipes a file stream it does not guard: a file deleted since startup (a rebuild while the
    // server runs) would emit an unhandled 'error' and take the whole process down.
    res.once('pipe', (source) => {
      source.once('error', (error) => {
        log.warn({ err: error, path }, 'static file vanished while serving');
        res.destroy();
      });
    });
    try {
      serveStatic(req, res);
    } catch (error) {
      log.error({ err: error, path }, 'static handler failed');
      if (!res.headersSent) sendText(res, 500, 'Internal error.\n', head);
      else res.destroy();
    }
  };
}
