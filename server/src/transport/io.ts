/**
 * The Socket.IO server as Nearcast types and tunes it. Its four generics carry the whole contract:
 * client events arrive untyped until a route's schema accepts them, server events go out typed, the
 * cluster's server-side events are typed, and so is what admission leaves in `socket.data`.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { z } from 'zod';
import { MAX_MESSAGE_BYTES, PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../../../common/limits';
import type { ClientToServerEvents, ServerToClientEvents, Untrusted } from '../../../common/signaling/events';
import type { presenceRegisterSchema } from '../../../common/signaling/presence';
import type { InterServerEvents } from './inter-server';
import { releaseFlushedBuffers } from './write-buffers';

/** A presence registration as its schema outputs it (status defaulted). */
export type PresenceInput = z.output<typeof presenceRegisterSchema>;

/** What admission learns at the handshake and leaves on the socket for when it is connected. */
export interface SocketData {
  /** The handshake's `auth.presence`, validated; registered once the socket is connected. */
  presence?: PresenceInput;
  /** This connection's registration challenge, sent in `session:features`. */
  challenge?: string;
}

/** The server as routes see it: incoming arguments unknown until parsed, everything else typed. */
export type SignalingIo = Server<
  Untrusted<ClientToServerEvents>,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
/** One client connection with the same typing as {@link SignalingIo}. */
export type SignalingSocket = Socket<
  Untrusted<ClientToServerEvents>,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export type ClientEvent = keyof ClientToServerEvents;

export interface IoOptions {
  /** A Socket.IO adapter factory (e.g. Redis Streams) so several processes share broadcasts. */
  adapter?: ServerOptions['adapter'];
  /** 0: connection state recovery off. */
  recoveryWindowMs: number;
}

/**
 * WebSocket only, frames bounded by MAX_MESSAGE_BYTES, Nearcast's heartbeat (a vanished client leaves
 * within 15 s), no client bundle served, and flushed write buffers released (write-buffers.ts).
 */
export function createIo(httpServer: HttpServer, options: IoOptions, log: Logger): SignalingIo {
  const io: SignalingIo = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    ...(options.recoveryWindowMs > 0
      ? {
          connectionStateRecovery: {
            maxDisconnectionDuration: options.recoveryWindowMs,
            skipMiddlewares: true,
          },
        }
      : {}),
  });
  releaseFlushedBuffers(io.engine);
  io.engine.on('connection_error', (error: { code?: number; message?: string }) => {
    log.debug({ code: error.code, reason: error.message }, 'refused engine connection');
  });
  return io;
}
