/**
 * The signaling server factory. It has no Electron import and reads no argv or env: the standalone CLI
 * and the desktop app both build one from explicit options, so they behave identically.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { CodedError } from '../../common/result';
import { MAX_MESSAGE_BYTES, PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../../common/limits';
import type { ClientToServerEvents, ServerToClientEvents, Untrusted } from '../../common/signaling';
import { connectableUrl } from './address';
import { registerSignalingHandlers, type SignalingIo } from './handlers';
import { createHttpHandler } from './http';
import { RoomRegistry } from './rooms';

export interface SignalingServerOptions {
  /** Interface to bind, e.g. '127.0.0.1' (this machine only) or '0.0.0.0' (LAN guests too). */
  host: string;
  /** 0 picks any free port, which tests and the embedded server use to avoid clashes. */
  port: number;
  /** Folder of the built web client (index.html + assets); null/undefined serves signaling only. */
  staticDir?: string | null;
  /** Parent logger; each module derives its own `server:*` child. */
  logger: Logger;
}

/** Where the server ended up listening, once the OS picked the port. */
export interface ListeningAddress {
  /** The address actually bound, as the OS reports it. */
  host: string;
  port: number;
  /** A URL a client on this machine can open: a wildcard bind is shown as loopback. */
  url: string;
}

export interface SignalingServer {
  /**
   * Binds and resolves with the real address. Rejects with CodedError('EADDRINUSE') when the port is
   * taken, so callers can tell the user to pick another; other failures carry the OS code. Calling it
   * again while listening returns the same address.
   */
  listen(): Promise<ListeningAddress>;
  /** Disconnects every client and closes the HTTP server. Idempotent; never hangs on a dead client. */
  close(): Promise<void>;
  readonly httpServer: HttpServer;
  readonly io: SignalingIo;
}

/** After this long, connections that have not closed by themselves are cut. */
const CLOSE_GRACE_MS = 2_000;

function listenError(error: NodeJS.ErrnoException, host: string, port: number): CodedError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new CodedError('EADDRINUSE', `Port ${port} is already in use.`);
    case 'EACCES':
      return new CodedError('EACCES', `Not allowed to listen on ${host}:${port}.`);
    case 'EADDRNOTAVAIL':
      return new CodedError('EADDRNOTAVAIL', `The address ${host} does not belong to this machine.`);
    case 'ENOTFOUND':
      return new CodedError('ENOTFOUND', `The host name ${host} could not be resolved.`);
    default:
      return new CodedError(
        error.code ?? 'LISTEN_FAILED',
        `Could not listen on ${host}:${port}: ${error.message}`,
      );
  }
}

/**
 * Builds the HTTP server, the Socket.IO server and the room registry, wired together but not yet
 * listening, so the caller decides when to bind and can report a taken port its own way.
 */
export function createSignalingServer(options: SignalingServerOptions): SignalingServer {
  const log = options.logger.child({ name: 'server' });
  const httpServer = createServer(createHttpHandler(options.staticDir, options.logger));
  const io: SignalingIo = new Server<Untrusted<ClientToServerEvents>, ServerToClientEvents>(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    serveClient: false,
  });
  registerSignalingHandlers(io, new RoomRegistry(), options.logger);
  io.engine.on('connection_error', (error: { code?: number; message?: string }) => {
    log.debug({ code: error.code, reason: error.message }, 'refused engine connection');
  });

  // Every raw connection, upgraded WebSockets included, so close() can cut the ones that linger.
  const connections = new Set<NetSocket>();
  httpServer.on('connection', (socket: NetSocket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });

  let listening: Promise<ListeningAddress> | null = null;
  let closing: Promise<void> | null = null;

  function bind(): Promise<ListeningAddress> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        httpServer.off('listening', onListening);
        reject(listenError(error, options.host, options.port));
      };
      const onListening = () => {
        httpServer.off('error', onError);
        const { address, port } = httpServer.address() as AddressInfo;
        if (closing) {
          httpServer.close();
          reject(new CodedError('SERVER_CLOSED', 'The server was closed while starting.'));
          return;
        }
        log.info({ address, port }, 'listening');
        resolve({ host: address, port, url: connectableUrl(address, port) });
      };
      httpServer.once('error', onError);
      httpServer.once('listening', onListening);
      httpServer.listen({ host: options.host, port: options.port });
    });
  }

  async function shutDown(): Promise<void> {
    const grace = setTimeout(() => {
      for (const socket of connections) socket.destroy();
    }, CLOSE_GRACE_MS);
    grace.unref();
    httpServer.closeIdleConnections();
    try {
      // Disconnects every socket (their rooms empty, peers are told), closes Engine.IO, then HTTP.
      await io.close();
    } finally {
      clearTimeout(grace);
    }
    log.info('closed');
  }

  return {
    httpServer,
    io,
    listen() {
      if (closing) return Promise.reject(new CodedError('SERVER_CLOSED', 'The server has been closed.'));
      listening ??= bind().catch((error: unknown) => {
        listening = null; // a failed bind may be retried, e.g. once the port is free again
        throw error;
      });
      return listening;
    },
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}
