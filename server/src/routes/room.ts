/**
 * Named rooms: `room:join` (with optional PIN, capacity and lock), `room:leave`, and the host's
 * `room:lock`, `room:remove` and `room:ask-unmute`. In a cluster a new room is created by whoever wins its claim (cluster/claims.ts).
 */
import type { Logger } from 'pino';
import { err, ok, rateLimited, type Result } from '../../../common/result';
import {
  type PeerInfo,
  type JoinedRoom,
  roomAskUnmuteSchema,
  roomJoinRequestSchema,
  roomLockSchema,
  roomRemoveSchema,
  type RoomJoinRequest,
} from '../../../common/signaling/room';
import type { AskGuard } from '../admission/ask-guard';
import type { PinGuard } from '../admission/pin-guard';
import { matchesDigest, newRejoinPass, secretDigest } from '../admission/secrets';
import type { RoomClaims } from '../cluster/claims';
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { Membership } from '../replica/membership';
import { isCallRoom } from '../state/calls';
import type { RoomMeta, RoomRegistry } from '../state/rooms';
import type { SignalingSocket } from '../transport/io';
import type { ForwardingPolicy } from './forwarding';
import { noPayloadSchema, route, type Answer, type RouteTable } from './route';

/** How long a join that lost a room's claim waits for the winner's room to reach this replica. */
const CLAIM_WAIT_MS = 3_000;
/** Claim, wait, take over: a join gives up (UNAVAILABLE) after this many rounds. */
const CLAIM_ATTEMPTS = 3;

/** A join with a live rejoin pass: whose it was, and its old id when that is the room's only member. */
interface Returning {
  holder: string;
  aloneGhost?: string;
}

type RoomEvent = 'room:join' | 'room:leave' | 'room:lock' | 'room:remove' | 'room:ask-unmute';

export interface RoomRouteParts {
  rooms: RoomRegistry;
  membership: Pick<Membership, 'join' | 'depart' | 'lock' | 'passHolder' | 'revokePass'>;
  delivery: Pick<Delivery, 'sendTo'>;
  directory: Pick<Directory, 'announce'>;
  /** Atomic room creation across processes; null when this process runs alone. */
  claims: RoomClaims | null;
  /** How a room carries media, and so how many it holds (routes/forwarding.ts). */
  forwarding: ForwardingPolicy;
  /** Wrong PINs per client address and per room, and the waits they impose. */
  pins: Pick<PinGuard, 'waitFor' | 'failed' | 'succeeded'>;
  /** How often the host may ask the same person to unmute. */
  unmuteAsks: Pick<AskGuard, 'ask'>;
  log: Logger;
}

/** The room routes of one server. */
export function roomRoutes(parts: RoomRouteParts): Pick<RouteTable, RoomEvent> {
  const { rooms, membership, delivery, directory, claims, forwarding, pins, unmuteAsks, log } = parts;

  /**
   * The PIN of an existing room, checked unless this client or this room must wait after wrong
   * PINs; a wrong one is counted and the room's creator told.
   */
  function checkPin(socket: SignalingSocket, request: RoomJoinRequest, meta: RoomMeta): Result<null> {
    if (!meta.pinDigest) return ok(null);
    if (request.pin === undefined)
      return err('WRONG_PIN', 'This room needs a PIN. Ask someone inside for it.');
    const client = socket.handshake.address;
    const wait = pins.waitFor(request.room, client);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return rateLimited(wait, `Too many wrong PINs. Try again in ${seconds} s.`);
    }
    if (matchesDigest(request.pin, meta.pinDigest)) {
      pins.succeeded(request.room, client);
      return ok(null);
    }
    const count = pins.failed(request.room, client);
    const host = rooms.hostOf(request.room);
    if (host !== undefined) delivery.sendTo(host, 'room:pin-failures', { room: request.room, count });
    log.info({ peer: socket.id, address: client, room: request.room, count }, 'wrong room PIN');
    return err('WRONG_PIN');
  }

  /**
   * Joins the room in this replica: creates it (with the PIN, forwarded for a presentation) when
   * absent here, else admits, switching the room to the forwarding unit first when this join calls for it.
   */
  function joinHere(socket: SignalingSocket, request: RoomJoinRequest): Result<JoinedRoom> {
    if (rooms.roomOf(socket.id) !== undefined) return err('ALREADY_IN_ROOM');
    const meta = rooms.metaOf(request.room);
    let returning: Returning | undefined;
    if (meta) {
      returning = returningMember(request);
      if (returning === undefined) {
        // The PIN is checked before the lock and the capacity, so those never tell a stranger anything.
        const pin = checkPin(socket, request, meta);
        if (!pin.ok) return pin;
        if (meta.locked) return err('ROOM_LOCKED');
      }
      const admitted = forwarding.admit(request.room);
      if (!admitted.ok) return admitted;
      if (admitted.data === 'forwarded') forwarding.switchToUnit(request.room);
    }
    // Single use: spent only once admitted, so a full room leaves the pass for another try.
    if (returning !== undefined) membership.revokePass(returning.holder);
    const pass = newRejoinPass();
    const self: PeerInfo = { id: socket.id, name: request.name };
    // The PIN only counts when this join creates the room; a later joiner's PIN was checked above.
    const pinDigest = !meta && request.pin !== undefined ? secretDigest(request.pin) : null;
    // Likewise `present`: only the creator decides; a later joiner's flag is ignored.
    const mode = forwarding.creationMode(request.room, !meta && request.present === true);
    let peers = membership.join(request.room, self, pinDigest, mode, pass.digest);
    const alone = returning?.aloneGhost;
    if (alone !== undefined) {
      membership.depart(alone);
      peers = peers.filter((peer) => peer.id !== alone);
    }
    forwarding.joined(request.room, socket.id);
    directory.announce(socket.id);
    log.info(
      { peer: socket.id, room: request.room, others: peers.length, replaced: returning?.holder ?? null },
      'peer joined room',
    );
    const state = rooms.stateOf(request.room) ?? { host: null, locked: false };
    const joined = { room: request.room, self, peers, ...state, mode: rooms.modeOf(request.room) };
    return ok({ ...joined, rejoinPass: pass.pass });
  }

  /**
   * The member a valid rejoin pass was given to, back after a signaling drop; its old peer id, if the
   * server has not noticed the drop yet, leaves the room now (the others hear `peer:left`), before
   * the capacity is judged, since its member takes its place; or, when it is alone in the room, just
   * after the join, so the room and its PIN and lock live on. The old socket is not told: its app has
   * already given it up. A pass that opens nothing is ignored, so the join is judged like any other
   * and the answer tells nothing about the pass.
   */
  function returningMember(request: RoomJoinRequest): Returning | undefined {
    if (request.rejoinPass === undefined) return undefined;
    const holder = membership.passHolder(request.room, secretDigest(request.rejoinPass));
    if (holder === undefined) return undefined;
    if (rooms.roomOf(holder) !== request.room) return { holder };
    log.info({ peer: holder, room: request.room }, 'old peer id replaced by its rejoining member');
    if (rooms.sizeOf(request.room) === 1) return { holder, aloneGhost: holder };
    membership.depart(holder);
    return { holder };
  }

  /**
   * In a cluster, a room this replica does not have yet is created only by whoever wins its claim
   * (see claims.ts); anyone else waits for the winner's room to arrive, then joins it here.
   */
  async function joinClaimed(
    socket: SignalingSocket,
    claims: RoomClaims,
    request: RoomJoinRequest,
  ): Promise<Result<JoinedRoom>> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      // A socket that left while this join waited must not join now: nothing would ever remove it.
      if (!socket.connected) return err('UNAVAILABLE', 'The connection closed while joining.');
      if (rooms.metaOf(request.room)) return joinHere(socket, request);
      let holder: string;
      try {
        holder = await claims.claim(request.room, socket.id);
      } catch (error) {
        log.warn({ err: error, peer: socket.id }, 'could not claim a room');
        return err('UNAVAILABLE', 'The server cannot reach its shared state right now. Try again.');
      }
      const mine = holder === socket.id;
      if (mine && !rooms.metaOf(request.room) && socket.connected && rooms.roomOf(socket.id) === undefined) {
        return joinHere(socket, request);
      }
      if (mine) {
        claims.release(request.room, socket.id);
        if (!socket.connected || rooms.roomOf(socket.id) !== undefined) return err('ALREADY_IN_ROOM');
        continue;
      }
      if (await appears(socket, request.room)) continue;
      // The holder's room never arrived: its process died between claiming and announcing it.
      log.warn({ peer: socket.id, room: request.room }, 'taking over a room claim whose room never appeared');
      await claims.takeOver(request.room, holder, socket.id).catch(() => undefined);
    }
    return err('UNAVAILABLE', 'This room is being set up elsewhere right now. Try again.');
  }

  /** Resolves true once the room is in this replica, false after CLAIM_WAIT_MS. */
  async function appears(socket: SignalingSocket, room: string): Promise<boolean> {
    const deadline = performance.now() + CLAIM_WAIT_MS;
    while (!rooms.metaOf(room)) {
      if (performance.now() > deadline || !socket.connected) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  }

  /** Lock, remove and asking to unmute belong to the room's host; call rooms have none, so nobody may. */
  function hostRoom(socket: SignalingSocket): Result<string> {
    const room = rooms.roomOf(socket.id);
    if (room === undefined) return err('NOT_IN_ROOM');
    if (isCallRoom(room)) {
      return err('NOT_ALLOWED', 'Calls have no creator: nobody can lock one or remove people from it.');
    }
    if (rooms.hostOf(room) !== socket.id) return err('NOT_ALLOWED');
    return ok(room);
  }

  return {
    'room:join': route(roomJoinRequestSchema, (socket, request): Answer<JoinedRoom> => {
      if (rooms.roomOf(socket.id) !== undefined) return err('ALREADY_IN_ROOM');
      // Existing rooms (the common case) and single-process servers never wait for Redis.
      if (!claims || rooms.metaOf(request.room)) return joinHere(socket, request);
      return joinClaimed(socket, claims, request);
    }),

    'room:leave': route(noPayloadSchema, (socket): Result<null> => {
      // On purpose: the pass must not let this person back past a lock or a PIN.
      membership.revokePass(socket.id);
      const departure = membership.depart(socket.id);
      if (!departure) return err('NOT_IN_ROOM');
      log.info(
        { peer: socket.id, room: departure.room, others: departure.remaining.length },
        'peer left room',
      );
      return ok(null);
    }),

    'room:lock': route(roomLockSchema, (socket, request): Result<null> => {
      const room = hostRoom(socket);
      if (!room.ok) return room;
      membership.lock(room.data, request.locked);
      log.info({ peer: socket.id, room: room.data, locked: request.locked }, 'room lock changed');
      return ok(null);
    }),

    'room:remove': route(roomRemoveSchema, (socket, request): Result<null> => {
      const room = hostRoom(socket);
      if (!room.ok) return room;
      if (request.peerId === socket.id) return err('INVALID_PAYLOAD', 'peerId: Use room:leave to leave.');
      if (!rooms.sameRoom(socket.id, request.peerId)) return err('PEER_NOT_FOUND');
      // A removed person must not come back with their pass.
      membership.revokePass(request.peerId);
      membership.depart(request.peerId);
      delivery.sendTo(request.peerId, 'room:removed', { room: room.data });
      log.info({ peer: socket.id, room: room.data, removed: request.peerId }, 'peer removed from room');
      return ok(null);
    }),

    'room:ask-unmute': route(roomAskUnmuteSchema, (socket, request): Result<null> => {
      const room = hostRoom(socket);
      if (!room.ok) return room;
      if (request.peerId === socket.id) return err('INVALID_PAYLOAD', 'peerId: That is you.');
      if (!rooms.sameRoom(socket.id, request.peerId)) return err('PEER_NOT_FOUND');
      const wait = unmuteAsks.ask(socket.id, request.peerId);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        return rateLimited(wait, `You asked them a moment ago. Try again in ${seconds} s.`);
      }
      delivery.sendTo(request.peerId, 'room:unmute-asked', { from: socket.id });
      return ok(null);
    }),
  };
}
