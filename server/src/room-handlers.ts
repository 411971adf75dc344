/**
 * Named rooms and relay: `room:join` (with optional PIN, capacity and lock), `room:leave`,
 * `room:lock`, `room:remove` and `signal`. The registry, not Socket.IO's rooms, decides who may
 * receive what, so a relay can never reach a socket outside the sender's room.
 */
import type { Logger } from 'pino';
import { err, ok, type Result } from '../../common/result';
import { signalRequestSchema, type PeerInfo } from '../../common/schemas';
import type { JoinedRoom } from '../../common/signaling';
import { roomJoinRequestSchema, roomLockSchema, roomRemoveSchema } from '../../common/workspace';
import type { HandlerContext, SignalingSocket } from './context';
import { noPayloadSchema, type Route } from './route';
import { matchesDigest, secretDigest } from './secrets';

/** Call rooms use this prefix, which no valid room name can start with, so nobody joins them by name. */
export const CALL_ROOM_PREFIX = 'call:';

export function registerRoomHandlers(
  context: HandlerContext,
  socket: SignalingSocket,
  route: Route,
  peerLog: Logger,
): void {
  const { rooms, limits, metrics } = context;

  route('room:join', roomJoinRequestSchema, (request): Result<JoinedRoom> => {
    if (rooms.roomOf(socket.id) !== undefined) return err('ALREADY_IN_ROOM');
    const meta = rooms.metaOf(request.room);
    if (meta) {
      // The PIN is checked before the lock and the capacity, so those never tell a stranger anything.
      if (meta.pinDigest) {
        if (request.pin === undefined)
          return err('WRONG_PIN', 'This room needs a PIN. Ask someone inside for it.');
        if (!matchesDigest(request.pin, meta.pinDigest)) return err('WRONG_PIN');
      }
      if (meta.locked) return err('ROOM_LOCKED');
      if (rooms.sizeOf(request.room) >= limits.roomCapacity) {
        return err('ROOM_FULL', `This room is full: it holds at most ${limits.roomCapacity} people.`);
      }
    }
    const self: PeerInfo = { id: socket.id, name: request.name };
    // The PIN only counts when this join creates the room; a later joiner's PIN was checked above.
    const pinDigest = !meta && request.pin !== undefined ? secretDigest(request.pin) : null;
    const peers = context.joinRoom(request.room, self, pinDigest);
    for (const peer of peers) context.sendTo(peer.id, 'peer:joined', self);
    context.announcePresence(socket.id);
    peerLog.info({ room: request.room, others: peers.length }, 'peer joined room');
    return ok({ room: request.room, self, peers });
  });

  route('room:leave', noPayloadSchema, (): Result<null> => {
    const departure = context.depart(socket.id);
    if (!departure) return err('NOT_IN_ROOM');
    peerLog.info({ room: departure.room, others: departure.remaining.length }, 'peer left room');
    return ok(null);
  });

  /** Lock and remove belong to the room's creator; call rooms have none, so nobody may. */
  function creatorRoom(): Result<string> {
    const room = rooms.roomOf(socket.id);
    if (room === undefined) return err('NOT_IN_ROOM');
    if (room.startsWith(CALL_ROOM_PREFIX)) {
      return err('NOT_ALLOWED', 'Calls have no creator: nobody can lock one or remove people from it.');
    }
    if (rooms.metaOf(room)?.creator !== socket.id) return err('NOT_ALLOWED');
    return ok(room);
  }

  route('room:lock', roomLockSchema, (request): Result<null> => {
    const room = creatorRoom();
    if (!room.ok) return room;
    context.lockRoom(room.data, request.locked);
    peerLog.info({ room: room.data, locked: request.locked }, 'room lock changed');
    return ok(null);
  });

  route('room:remove', roomRemoveSchema, (request): Result<null> => {
    const room = creatorRoom();
    if (!room.ok) return room;
    if (request.peerId === socket.id) return err('INVALID_PAYLOAD', 'peerId: Use room:leave to leave.');
    if (!rooms.sameRoom(socket.id, request.peerId)) return err('PEER_NOT_FOUND');
    context.depart(request.peerId);
    context.sendTo(request.peerId, 'room:removed', { room: room.data });
    peerLog.info({ room: room.data, removed: request.peerId }, 'peer removed from room');
    return ok(null);
  });

  route('signal', signalRequestSchema, (request): Result<null> => {
    if (rooms.roomOf(socket.id) === undefined) return err('NOT_IN_ROOM');
    if (request.to === socket.id) return err('INVALID_PAYLOAD', 'to: A peer cannot signal itself.');
    if (!rooms.sameRoom(socket.id, request.to)) return err('PEER_NOT_FOUND');
    // The parsed request, not the raw input: unknown fields (a forged `from`) are already stripped.
    if (!context.sendTo(request.to, 'signal', { from: socket.id, data: request.data }))
      return err('PEER_NOT_FOUND');
    metrics.relayed.inc({ kind: request.data.kind });
    peerLog.trace({ to: request.to, kind: request.data.kind }, 'relayed signal');
    return ok(null);
  });
}
