/**
 * Socket event handlers. Every argument a client sends is `unknown` until a schema accepts it, every
 * request is answered with a Result, and nothing a handler throws reaches the wire or the process.
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { err, ok, type Result } from '../../common/result';
import { firstIssue, joinRequestSchema, signalRequestSchema, type PeerInfo } from '../../common/schemas';
import type {
  ClientToServerEvents,
  JoinedRoom,
  ServerToClientEvents,
  Untrusted,
} from '../../common/signaling';
import type { Departure, RoomRegistry } from './rooms';

/** The server as handlers see it: incoming arguments untyped until parsed, outgoing events typed. */
export type SignalingIo = Server<Untrusted<ClientToServerEvents>, ServerToClientEvents>;
/** One client connection with the same typing as {@link SignalingIo}. */
export type SignalingSocket = Socket<Untrusted<ClientToServerEvents>, ServerToClientEvents>;

type ClientEvent = keyof ClientToServerEvents;

const CLIENT_EVENTS: ReadonlySet<unknown> = new Set<ClientEvent>(['room:join', 'room:leave', 'signal']);

/** `room:leave` carries nothing but its ack; anything else in front of the ack is refused. */
const noPayloadSchema = z.undefined({ error: 'This request takes no payload.' });

type Parsed<I> = { ok: true; value: I } | { ok: false; message: string };

/** Validates the arguments in front of the ack: at most one payload, accepted by `schema`. */
function parseArgs<I>(schema: z.ZodType<I>, args: unknown[]): Parsed<I> {
  if (args.length > 1) return { ok: false, message: 'Expected a single payload.' };
  const parsed = schema.safeParse(args[0]);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: firstIssue(parsed.error) };
}

/**
 * Wires Socket.IO to the room registry. The registry, not Socket.IO's rooms, decides who may receive
 * what, so a relay can never reach a socket outside the sender's room.
 */
export function registerSignalingHandlers(io: SignalingIo, rooms: RoomRegistry, logger: Logger): void {
  const log = logger.child({ name: 'server:signaling' });

  /** Sends to one peer by id; a miss means the registry kept a ghost, which is a bug worth logging. */
  function sendTo<E extends keyof ServerToClientEvents>(
    peerId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): boolean {
    const socket = io.sockets.sockets.get(peerId);
    if (!socket) {
      log.error({ peer: peerId, event }, 'room member has no live socket');
      return false;
    }
    socket.emit(event, ...args);
    return true;
  }

  function announceDeparture(peerId: string, departure: Departure): void {
    for (const peer of departure.remaining) sendTo(peer.id, 'peer:left', { id: peerId });
  }

  function attach(socket: SignalingSocket): void {
    const peerLog = log.child({ peer: socket.id });

    /**
     * Registers one request handler: parse, refuse without an ack, run, answer. A thrown error is a bug:
     * it is logged with its details and the client only learns INTERNAL.
     */
    function route<I, T>(event: ClientEvent, schema: z.ZodType<I>, handle: (input: I) => Result<T>): void {
      socket.on(event, (...args: unknown[]) => {
        try {
          const last = args.at(-1);
          const ack = typeof last === 'function' ? (last as (result: Result<T>) => void) : null;
          const parsed = parseArgs(schema, ack ? args.slice(0, -1) : args);
          if (!ack) {
            peerLog.debug({ event, valid: parsed.ok }, 'dropped request without acknowledgement');
            return;
          }
          if (!parsed.ok) {
            peerLog.debug({ event, reason: parsed.message }, 'refused invalid payload');
            ack(err('INVALID_PAYLOAD', parsed.message));
            return;
          }
          let result: Result<T>;
          try {
            result = handle(parsed.value);
          } catch (error) {
            peerLog.error({ err: error, event }, 'request handler failed');
            result = err('INTERNAL');
          }
          ack(result);
        } catch (error) {
          peerLog.error({ err: error, event }, 'could not answer request');
        }
      });
    }

    route('room:join', joinRequestSchema, (request): Result<JoinedRoom> => {
      if (rooms.roomOf(socket.id) !== undefined) return err('ALREADY_IN_ROOM');
      const self: PeerInfo = { id: socket.id, name: request.name };
      const peers = rooms.join(request.room, self);
      for (const peer of peers) sendTo(peer.id, 'peer:joined', self);
      peerLog.info({ room: request.room, others: peers.length }, 'peer joined room');
      return ok({ room: request.room, self, peers });
    });

    route('room:leave', noPayloadSchema, (): Result<null> => {
      const departure = rooms.leave(socket.id);
      if (!departure) return err('NOT_IN_ROOM');
      announceDeparture(socket.id, departure);
      peerLog.info({ room: departure.room, others: departure.remaining.length }, 'peer left room');
      return ok(null);
    });

    route('signal', signalRequestSchema, (request): Result<null> => {
      if (rooms.roomOf(socket.id) === undefined) return err('NOT_IN_ROOM');
      if (request.to === socket.id) return err('INVALID_PAYLOAD', 'to: A peer cannot signal itself.');
      if (!rooms.sameRoom(socket.id, request.to)) return err('PEER_NOT_FOUND');
      // The parsed request, not the raw input: unknown fields (a forged `from`) are already stripped.
      if (!sendTo(request.to, 'signal', { from: socket.id, data: request.data }))
        return err('PEER_NOT_FOUND');
      peerLog.trace({ to: request.to, kind: request.data.kind }, 'relayed signal');
      return ok(null);
    });

    socket.onAny((event: unknown) => {
      if (!CLIENT_EVENTS.has(event)) {
        peerLog.debug({ event: String(event).slice(0, 64) }, 'dropped unknown event');
      }
    });

    socket.on('disconnect', (reason) => {
      try {
        const departure = rooms.leave(socket.id);
        if (departure) announceDeparture(socket.id, departure);
        peerLog.debug({ reason, room: departure?.room ?? null }, 'client disconnected');
      } catch (error) {
        peerLog.error({ err: error }, 'could not clean up after disconnect');
      }
    });

    peerLog.debug({ address: socket.handshake.address }, 'client connected');
  }

  io.on('connection', attach);
}
