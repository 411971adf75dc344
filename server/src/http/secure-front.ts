/**
 * HTTPS and plain HTTP on one port. A guest types one address; whether its browser speaks TLS or not
 * is told by the first byte it sends (a TLS handshake record starts with 0x16, an HTTP request with a
 * letter). TLS connections are decrypted here and handed, like plain ones, to the one HTTP server that
 * carries the web client and Socket.IO, so both kinds of guest share the same rooms.
 *
 * Plain HTTP either gets a redirect to the same address over HTTPS (the default: typing `http://`
 * still lands on the secure page) or the web client itself, for guests on machines that cannot accept
 * the certificate: they can watch, listen, chat and receive files, and the page offers the HTTPS
 * address to send from.
 */
import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** What a plain-HTTP connection gets: a redirect to HTTPS, or the web client (view-only guests). */
export type PlainHttp = 'redirect' | 'serve';

/** The first byte of every TLS connection: a handshake record. */
const TLS_HANDSHAKE_RECORD = 0x16;
/** A connection that says nothing for this long is neither a browser nor a tool; it is dropped. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/** `https://<the host the guest used><path>`, or null for a request without a usable Host header. */
export function secureLocation(req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return null;
  return `https://${host}${req.url?.startsWith('/') ? req.url : '/'}`;
}

/** Answers every plain request with a permanent-looking but uncached redirect to its HTTPS twin. */
function createRedirectServer(): HttpServer {
  return createHttpServer((req, res) => {
    const location = secureLocation(req);
    res.setHeader('Cache-Control', 'no-store');
    if (!location) {
      res.statusCode = 400;
      res.end('This server answers over HTTPS.\n');
      return;
    }
    // 307 keeps the method; no-store, so turning plain HTTP on later is not hidden by a cached redirect.
    res.statusCode = 307;
    res.setHeader('Location', location);
    res.end();
  });
}

/**
 * The listener of a TLS server: every accepted TCP connection goes, by its first byte, to TLS (then
 * `app`) or to plain HTTP (`app` itself when `plainHttp` is 'serve', a redirect otherwise).
 */
export function createSecureFront(
  app: { emit(event: 'connection', socket: Socket): boolean },
  tls: { key: string | Buffer; cert: string | Buffer },
  plainHttp: PlainHttp,
): NetServer {
  const secure = createTlsServer({ key: tls.key, cert: tls.cert, ALPNProtocols: ['http/1.1'] }, (socket) =>
    app.emit('connection', socket),
  );
  // A failed handshake (an untrusted certificate the browser refused, a scanner) ends that connection.
  secure.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
  const plain = plainHttp === 'serve' ? app : createRedirectServer();

  return createNetServer({ pauseOnConnect: true }, (socket) => {
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        socket.destroy();
        return;
      }
      socket.setTimeout(0);
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE_RECORD ? secure : plain).emit('connection', socket);
    });
  });
}
