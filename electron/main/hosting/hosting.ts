/**
 * "Host on this computer": lets phones and other computers on the LAN join the rooms of this app.
 *
 * Guests speak HTTPS (plain HTTP on the same port is redirected to it): the server's secure front with
 * the app's own certificate, kept across restarts so its fingerprint, shown next to the QR code, stays
 * the one people compared. A guest on HTTPS is in a secure context: camera, microphone and screen work.
 * Which guests get in (the access code, the host's approval) is the guest gate's business
 * (guest-admission.ts); this file only tells it which connections are guests'.
 *
 * Design: the embedded server keeps listening on 127.0.0.1 for the app's own window, always. Hosting
 * opens a second TCP listener on 0.0.0.0 that hands every accepted connection to the *same* HTTP server
 * (`httpServer.emit('connection', socket)`, which Node documents for injecting connections). So:
 *  - guests and the app's window share one Socket.IO server, hence one set of rooms;
 *  - stopping hosting closes only the LAN listener and the connections that came through it (each
 *    guest gets Socket.IO's "server disconnect", so it does not retry); the window's own loopback
 *    connection, and with it the page origin the security rules trust, never change;
 *  - a listen error (port in use, not allowed) or a later listener error is a Result or a log line,
 *    never an exception that could take the app down.
 * Restarting the one server on 0.0.0.0 instead would drop the window's connection on every toggle and
 * expose the port for as long as the app runs; a second server instance would split the rooms in two.
 */
import type { Server, Socket } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import type { Logger } from 'pino';
import type { HostingInfo, HostingRequest, HostingStatus } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import { createSecureFront, type GuestGate, type TlsMaterial } from '../../../server/src/index';
import { joinUrl, lanAddresses } from './lan-addresses';

/** How long guests get to read the disconnect packet before their connections are cut. */
export const GOODBYE_GRACE_MS = 300;

/** What hosting needs from the running embedded server (the real factory's server fits it). */
export interface LanGateway {
  /** Serves one accepted (for guests: decrypted) LAN connection with the app's own HTTP server. */
  acceptConnection(socket: Socket): void;
  /** Tells every Socket.IO client whose connection `isLan` accepts that the server is going away. */
  disconnectClients(isLan: (connection: unknown) => boolean): void;
}

/** The slice of server/src/signaling-server's SignalingServer that hosting uses. */
export interface GatewayServer {
  /** Puts LAN guests behind the host's access code and lobby (guest-admission.ts). */
  setGuestGate(gate: GuestGate | null): void;
  readonly httpServer: { emit(event: 'connection', socket: Socket): boolean };
  readonly io: {
    readonly sockets: {
      readonly sockets: ReadonlyMap<
        string,
        { readonly request: { readonly socket: unknown }; disconnect(close: boolean): unknown }
      >;
    };
  };
}

export function lanGatewayOf(server: GatewayServer): LanGateway {
  return {
    acceptConnection: (socket) => void server.httpServer.emit('connection', socket),
    disconnectClients(isLan) {
      for (const client of server.io.sockets.sockets.values()) {
        if (isLan(client.request.socket)) client.disconnect(true);
      }
    },
  };
}

/** Announces the host on the LAN while it is up (mDNS); optional so hosting works without it. */
export interface HostingAdvertiser {
  publish(port: number): void;
  unpublish(): Promise<void>;
}

export interface HostingOptions {
  gateway: LanGateway;
  /** '0.0.0.0' in the app; tests pass '127.0.0.1' so nothing listens on the real LAN. */
  listenHost: string;
  /** The port used when the request names none (the saved setting); 0 or undefined picks a free one. */
  defaultPort?: () => number | undefined;
  interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** URL → PNG data URL (qrcode's toDataURL in the app). */
  makeQrCode: (url: string) => Promise<string>;
  /** The certificate guests are served, kept across restarts (guest-admission.ts loads it). */
  certificate: () => Promise<TlsMaterial>;
  /** What guests need now, for the join link and the status: the access code (null: none), approval. */
  admission: () => { accessCode: string | null; approval: boolean };
  /** The forwarding unit's security code, shown for guests in large rooms to compare; null: no unit. */
  unitCode?: string | null;
  advertiser?: HostingAdvertiser;
  logger: Logger;
}

export interface Hosting {
  start(request: HostingRequest): Promise<Result<HostingInfo>>;
  stop(): Promise<Result<null>>;
  status(): HostingStatus;
  /** Whether a connection the HTTP server sees (`socket.request.socket`) came through the LAN. */
  isGuest(connection: unknown): boolean;
  /** Rebuilds the join link, QR code and advert after the access code or approval switch changed. */
  refresh(): Promise<void>;
  /** Called on every change of status; returns an unsubscribe. */
  onChanged(listener: (status: HostingStatus) => void): () => void;
  /** Stops hosting (telling guests) and forgets listeners; for app shutdown. */
  dispose(): Promise<void>;
}

interface Running {
  listener: Server;
  /** Raw TCP connections accepted by the LAN listener, to cut them when hosting stops. */
  connections: Set<Socket>;
  /** The connections handed to the HTTP server (TLS sockets for HTTPS guests). */
  served: Set<Socket>;
  urls: string[];
  fingerprint256: string;
  info: HostingInfo;
}

/** `url` with the access code in the fragment, which the page reads and removes (useJoinLink.ts). */
function withCode(url: string, accessCode: string | null): string {
  return accessCode ? `${url}#${new URLSearchParams({ code: accessCode }).toString()}` : url;
}

function listenMessage(error: NodeJS.ErrnoException, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use. Choose another port, or leave it empty to pick a free one.`;
    case 'EACCES':
      return `This computer does not allow listening on port ${port}. Choose a port above 1024.`;
    default:
      return 'Could not open a port for the LAN. Check the firewall and try again.';
  }
}

function listen(listener: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    listener.once('error', onError);
    listener.listen({ host, port }, () => {
      listener.off('error', onError);
      const address = listener.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export function createHosting(options: HostingOptions): Hosting {
  const { gateway, advertiser } = options;
  const log = options.logger.child({ name: 'main:hosting' });
  const listeners = new Set<(status: HostingStatus) => void>();
  let running: Running | null = null;
  let starting: Promise<Result<HostingInfo>> | null = null;

  const status = (): HostingStatus => (running ? { active: true, ...running.info } : { active: false });
  const changed = (): void => {
    const current = status();
    for (const listener of listeners) listener(current);
  };

  async function teardown(current: Running): Promise<void> {
    if (running === current) running = null;
    gateway.disconnectClients((connection) => current.served.has(connection as Socket));
    const closed = new Promise<void>((resolve) => current.listener.close(() => resolve()));
    for (const socket of current.connections) socket.end();
    await new Promise((resolve) => setTimeout(resolve, GOODBYE_GRACE_MS).unref());
    for (const socket of current.connections) socket.destroy();
    await closed;
    await advertiser?.unpublish().catch((error: unknown) => log.warn({ err: error }, 'unpublish failed'));
  }

  async function describe(
    current: Pick<Running, 'urls' | 'fingerprint256'>,
    port: number,
  ): Promise<HostingInfo> {
    const { accessCode, approval } = options.admission();
    const first = current.urls[0];
    const joinLink = first ? withCode(first, accessCode) : null;
    const qrDataUrl = joinLink
      ? await options.makeQrCode(joinLink).catch((error: unknown) => {
          log.warn({ err: error }, 'could not draw the QR code; the URLs are still shown');
          return '';
        })
      : '';
    return {
      urls: current.urls,
      joinUrl: joinLink,
      qrDataUrl,
      port,
      fingerprint256: current.fingerprint256,
      unitCode: options.unitCode ?? null,
      accessCode,
      approval,
    };
  }

  async function open(request: HostingRequest): Promise<Result<HostingInfo>> {
    const port = request.port ?? options.defaultPort?.() ?? 0;
    let tls: TlsMaterial;
    try {
      tls = await options.certificate();
    } catch (error) {
      log.error({ err: error }, 'no certificate for LAN guests');
      return err('UNAVAILABLE', 'Could not prepare the secure connection for guests. See the log file.');
    }
    const connections = new Set<Socket>();
    const served = new Set<Socket>();
    const app = {
      emit(_event: 'connection', socket: Socket): boolean {
        served.add(socket);
        socket.once('close', () => served.delete(socket));
        gateway.acceptConnection(socket);
        return true;
      },
    };
    // Plain HTTP is redirected to HTTPS: a guest who types http:// still lands in a secure context.
    const front = createSecureFront(app, tls, 'redirect');
    front.on('connection', (socket: Socket) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
    });
    let bound: number;
    try {
      bound = await listen(front, options.listenHost, port);
    } catch (error) {
      log.warn({ err: error, port }, 'could not listen for LAN guests');
      return err('UNAVAILABLE', listenMessage(error as NodeJS.ErrnoException, port));
    }
    const urls = lanAddresses(options.interfaces()).map(({ address }) => joinUrl(address, bound, 'https'));
    const base = { urls, fingerprint256: tls.fingerprint256 };
    const current: Running = {
      listener: front,
      connections,
      served,
      ...base,
      info: await describe(base, bound),
    };
    running = current;
    front.on('error', (error) => {
      log.error({ err: error }, 'the LAN listener failed; hosting stopped');
      void teardown(current).then(changed);
    });
    advertiser?.publish(bound);
    log.info({ port: bound, urls, fingerprint256: tls.fingerprint256 }, 'hosting on the LAN');
    changed();
    return ok(current.info);
  }

  return {
    start(request) {
      if (running) return Promise.resolve(ok(running.info));
      starting ??= open(request).finally(() => (starting = null));
      return starting;
    },
    async stop() {
      await starting;
      if (!running) return ok(null);
      await teardown(running);
      log.info('stopped hosting on the LAN');
      changed();
      return ok(null);
    },
    status,
    isGuest: (connection) => running?.served.has(connection as Socket) ?? false,
    async refresh() {
      const current = running;
      if (!current) return;
      const info = await describe(current, current.info.port);
      if (running !== current) return;
      current.info = info;
      // The advert's TXT says whether a code is needed: published again with the new flag.
      if (advertiser) {
        await advertiser.unpublish().catch((error: unknown) => log.warn({ err: error }, 'unpublish failed'));
        if (running === current) advertiser.publish(current.info.port);
      }
      changed();
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      await starting;
      listeners.clear();
      if (running) await teardown(running);
    },
  };
}
