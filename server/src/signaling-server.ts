/**
 * The signaling server factory. It has no Electron import and reads no argv or env: the standalone CLI
 * and the desktop app both build one from explicit options, so they behave identically.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket as NetSocket } from 'node:net';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import { CodedError } from '../../common/result';
import type { GuestGate } from './admission/guest-gate';
import { MAX_ACCESS_CODE_LENGTH } from '../../common/limits';
import type { RoomClaims } from './cluster/claims';
import { composeSignaling } from './compose';
import { connectableUrl } from './http/address';
import { createHttpHandler } from './http/handler';
import { createUpdatesHandler } from './http/updates';
import { createSecureFront, type PlainHttp } from './http/secure-front';
import { createMetrics } from './http/metrics';
import { metricsAccess } from './http/metrics-access';
import {
  DEFAULT_LIMITS,
  NO_FORWARDING,
  NO_ICE,
  type ForwardingSettings,
  type IceConfig,
  type SignalingLimits,
} from './settings';
import { AwayList } from './state/away';
import { CallRegistry } from './state/calls';
import { PresenceRegistry } from './state/presence';
import { RoomRegistry } from './state/rooms';
import { createIo, type SignalingIo } from './transport/io';
import { unrefTimer } from './replica/presence-fanout';

export interface SignalingServerOptions {
  /** Interface to bind, e.g. '127.0.0.1' (this machine only) or '0.0.0.0' (LAN guests too). */
  host: string;
  /** 0 picks any free port, which tests and the embedded server use to avoid clashes. */
  port: number;
  /** Folder of the built web client (index.html + assets); null/undefined serves signaling only. */
  staticDir?: string | null;
  /**
   * Folder of release files (latest*.yml, installers, blockmaps) served under /updates/ to the desktop
   * app's updater; null/undefined: /updates/ answers that this server serves no updates.
   */
  updatesDir?: string | null;
  /** Parent logger; each module derives its own `server:*` child. */
  logger: Logger;
  /** Workspace access code every client must give in `auth.accessCode`; null/empty: open server. */
  accessCode?: string | null;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<SignalingLimits>;
  /**
   * The forwarding unit and when rooms switch to it (docs/PROTOCOL.md, "Forwarding mode"). The caller
   * creates the unit and closes it after the server. Absent, or `unit: null`: every room is a mesh.
   * With an adapter (clustered) rooms stay a mesh whatever is given here: the unit lives in one process.
   */
  forwarding?: Partial<ForwardingSettings>;
  /** ICE servers handed to clients; none by default (host candidates suffice on a LAN). */
  ice?: IceConfig;
  /**
   * PEM key and certificate: serve HTTPS and WSS. Plain HTTP on the same port is redirected to HTTPS,
   * or with `plainHttp: 'serve'` gets the web client too, for guests who cannot accept the certificate.
   */
  tls?: { key: string | Buffer; cert: string | Buffer; plainHttp?: PlainHttp } | null;
  /** A Socket.IO adapter factory (e.g. Redis Streams) so several processes share broadcasts. */
  adapter?: ServerOptions['adapter'];
  /**
   * With an adapter: atomic room creation shared by every process (the Redis adapter's `claims`).
   * Without it, two processes creating the same room at once may both become its creator.
   */
  roomClaims?: RoomClaims | null;
  /** With an adapter: how often entries of crashed processes are looked for (default 10 s). */
  reconcileIntervalMs?: number;
  /**
   * How long a dropped client may come back with the same id, rooms and missed events (Socket.IO
   * connection state recovery); meanwhile the others see no `peer:left`. 0 or absent: off, and a
   * reconnecting client starts afresh as in v0.
   */
  recoveryWindowMs?: number;
  /**
   * Page origins allowed to connect besides the server's own, loopback pages (the desktop app's) and
   * clients sending no Origin, e.g. `https://intranet.example` serving the web client elsewhere.
   */
  allowedOrigins?: readonly string[];
  /** With an access code: the bearer token `/metrics` takes from other machines; null: loopback only. */
  metricsToken?: string | null;
  /** Wall clock; tests pin it to check credential expiry. */
  now?: () => number;
  /**
   * Runs `run` after `ms` (returns a cancel): the presence coalescing's timer. Tests hand in one they
   * fire themselves, so no machine is too slow for an interval.
   */
  schedule?: (run: () => void, ms: number) => () => void;
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
  /**
   * The one HTTP server behind every listener: with `tls` it gets connections already decrypted. The
   * desktop app hands it connections from a second listener.
   */
  readonly httpServer: HttpServer;
  readonly io: SignalingIo;
  /**
   * Puts LAN guests (the desktop app's hosting listener) behind the host's access code and lobby;
   * null lifts the gate. Read at every handshake, so it may change while clients are connected.
   */
  setGuestGate(gate: GuestGate | null): void;
  /** Live registry sizes, for leak checks in tests and the health of a long-running server. */
  stats(): { sockets: number; rooms: number; calls: number; devices: number };
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
  if (options.accessCode && options.accessCode.length > MAX_ACCESS_CODE_LENGTH) {
    throw new CodedError(
      'INVALID_OPTION',
      `The access code has at most ${MAX_ACCESS_CODE_LENGTH} characters.`,
    );
  }
  const limits: SignalingLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const recoveryWindowMs = options.recoveryWindowMs ?? 0;
  const rooms = new RoomRegistry();
  const presence = new PresenceRegistry();
  const calls = new CallRegistry();
  const away = new AwayList();
  const stats = () => ({
    sockets: io.sockets.sockets.size,
    rooms: rooms.roomCount,
    calls: calls.size,
    devices: presence.size,
  });
  const metrics = createMetrics(stats, options.adapter ? null : (options.forwarding?.unit ?? null));
  const tls = options.tls ?? null;
  const tlsInfo = tls ? { fingerprint256: new X509Certificate(tls.cert).fingerprint256 } : null;
  const handler = createHttpHandler(
    options.staticDir,
    options.logger,
    metrics.registry,
    metricsAccess(Boolean(options.accessCode), options.metricsToken || null),
    tlsInfo,
    createUpdatesHandler(options.updatesDir ?? null, options.logger),
  );
  const httpServer = createServer(handler);
  // With TLS, a front listener sorts HTTPS from plain HTTP and hands both to `httpServer`.
  const front: NetServer | null = tls
    ? createSecureFront(httpServer, tls, tls.plainHttp ?? 'redirect')
    : null;
  const listener: NetServer = front ?? httpServer;
  const io = createIo(httpServer, { adapter: options.adapter, recoveryWindowMs }, log);
  const clustered = Boolean(options.adapter);
  let guestGate: GuestGate | null = null;
  const forwarding: ForwardingSettings = { ...NO_FORWARDING, ...options.forwarding };
  const { cluster, detachUnit } = composeSignaling({
    io,
    rooms,
    presence,
    calls,
    away,
    metrics,
    limits,
    forwarding,
    ice: options.ice ?? NO_ICE,
    accessCode: options.accessCode || null,
    guestGate: () => guestGate,
    allowedOrigins: options.allowedOrigins ?? [],
    clustered,
    claims: clustered ? (options.roomClaims ?? null) : null,
    reconcileIntervalMs: options.reconcileIntervalMs,
    recoveryWindowMs,
    now: options.now ?? Date.now,
    schedule: options.schedule ?? unrefTimer,
    logger: options.logger,
  });

  // Every raw connection, upgraded WebSockets included, so close() can cut the ones that linger.
  const connections = new Set<NetSocket>();
  const track = (socket: NetSocket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  };
  httpServer.on('connection', track);
  front?.on('connection', track);

  let listening: Promise<ListeningAddress> | null = null;
  let closing: Promise<void> | null = null;

  function bind(): Promise<ListeningAddress> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        listener.off('listening', onListening);
        reject(listenError(error, options.host, options.port));
      };
      const onListening = async () => {
        listener.off('error', onError);
        await cluster?.ready;
        // Bound to a host and port, never a pipe: once 'listening' fired, the address is an AddressInfo.
        const { address, port } = listener.address() as AddressInfo;
        if (closing) {
          listener.close();
          reject(new CodedError('SERVER_CLOSED', 'The server was closed while starting.'));
          return;
        }
        // The fingerprint in the log too: where logs are collected, that is where operators look for it.
        log.info(
          {
            address,
            port,
            tls: Boolean(tls),
            plainHttp: tls ? (tls.plainHttp ?? 'redirect') : null,
            ...tlsInfo,
          },
          'listening',
        );
        resolve({ host: address, port, url: connectableUrl(address, port, tls ? 'https' : 'http') });
      };
      listener.once('error', onError);
      listener.once('listening', onListening);
      listener.listen({ host: options.host, port: options.port });
    });
  }

  async function shutDown(): Promise<void> {
    const grace = setTimeout(() => {
      for (const socket of connections) socket.destroy();
    }, CLOSE_GRACE_MS);
    grace.unref();
    httpServer.closeIdleConnections();
    // Told first, on the same ordered connection as the close, so clients know this was no crash.
    io.local.emit('server:shutdown', { reason: 'shutdown' });
    away.expireAll();
    calls.clear();
    cluster?.stop();
    try {
      // Disconnects every socket (their rooms empty, peers are told), closes Engine.IO, then HTTP.
      await io.close();
      if (front?.listening) await new Promise<void>((resolve) => front.close(() => resolve()));
    } finally {
      clearTimeout(grace);
      // After every socket left (the unit was told of each departure): nobody is left to signal to.
      detachUnit();
    }
    log.info('closed');
  }

  return {
    httpServer,
    io,
    stats,
    setGuestGate(gate) {
      guestGate = gate;
    },
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
