/**
 * Changes to room membership (join, leave, lock), made here and published to every other process, and
 * the ones other processes publish, applied with the same departure listeners: leaving a room may end
 * a call and changes a directory status, wherever the leave happened. Every process tells its own
 * clients of a new host or lock (`room:updated`) once it applied the change, local or published: a
 * member hears it after every change its own process knows of, and the host, derived from who is in
 * the room (RoomRegistry.hostOf), comes out the same on every process whatever order they learned in.
 */
import type { RoomState } from '../../../common/signaling/room';
import type { PeerInfo } from '../../../common/signaling/room';
import type { RoomMode } from '../../../common/signaling/unit';
import { isCallRoom } from '../state/calls';
import { RejoinPasses } from '../state/rejoin-passes';
import type { Departure, RoomRegistry } from '../state/rooms';
import type { Publish, RoomOp } from '../transport/inter-server';
import type { Delivery } from './delivery';
import type { Directory } from './directory';

/** Called after a socket left a room (request, removal, disconnect, or another process said so). */
export type DepartureListener = (peerId: string, departure: Departure) => void;

export interface Membership {
  /**
   * Adds a peer to a room (creating it with `pinDigest` and `mode`), everywhere, telling this
   * process's members (`peer:joined`); returns who was there. Only a process running alone creates forwarded rooms, so other processes never need the mode.
   * `passDigest`: of the rejoin pass the joiner is given, honoured by every process.
   */
  join(
    room: string,
    peer: PeerInfo,
    pinDigest?: Buffer | null,
    mode?: RoomMode,
    passDigest?: Buffer | null,
  ): PeerInfo[];
  /**
   * Who was given the pass whose digest is `passDigest` for `room`, while it is live (see
   * state/rejoin-passes.ts); else undefined.
   */
  passHolder(room: string, passDigest: Buffer): string | undefined;
  /** The member's rejoin pass opens nothing any more, everywhere: spent, left on purpose, removed. */
  revokePass(peerId: string): void;
  /** Leaves the socket's room if any, tells the others, then runs the departure listeners. */
  depart(peerId: string): Departure | null;
  /** Leaves without telling anyone: for the last member of a call that just ended. */
  leaveQuietly(peerId: string): void;
  /**
   * Drops a socket of a crashed process from this replica (every survivor does the same), running
   * the departure listeners; telling this process's clients is the caller's business.
   */
  removeGhost(peerId: string): Departure | null;
  /** Locks or unlocks a room, everywhere, and tells its members. */
  lock(room: string, locked: boolean): void;
  onDeparture(listener: DepartureListener): void;
  /** Applies a change another process published. */
  receive(op: RoomOp): void;
}

export interface MembershipParts {
  rooms: RoomRegistry;
  /**
   * Frees an emptied room's claim (cluster/claims.ts) so any process may create it afresh; null when
   * this process runs alone.
   */
  releaseClaim: ((room: string, founder: string) => void) | null;
  publish: Publish | null;
  delivery: Pick<Delivery, 'sendHere'>;
  /** A socket that left a room shows its chosen status again. */
  directory: Pick<Directory, 'announce'>;
  /** Rejoin passes honoured here; a fresh set on the system clock when not given. */
  passes?: RejoinPasses;
}

export function createMembership(parts: MembershipParts): Membership {
  const { rooms, releaseClaim, publish, delivery, directory } = parts;
  const passes = parts.passes ?? new RejoinPasses(Date.now);
  // However a member went, its pass outlives it a little (leaving on purpose revokes it first), unless
  // the room emptied: a room created anew under its name is someone else's.
  const listeners: DepartureListener[] = [
    (peerId, departure) => {
      if (departure.remaining.length === 0) passes.forgetRoom(departure.room);
      else passes.expire(peerId);
    },
  ];

  function notify(peerId: string, departure: Departure): void {
    for (const listener of listeners) listener(peerId, departure);
  }

  /** Tells this process's members of `room` (but `except`) its state when it differs from `before`. */
  function tellState(room: string, before: RoomState | undefined, except?: string): void {
    const state = rooms.stateOf(room);
    if (!state || state.host === null) return;
    if (before && before.host === state.host && before.locked === state.locked) return;
    for (const peer of rooms.peersIn(room)) {
      if (peer.id !== except) delivery.sendHere(peer.id, 'room:updated', state);
    }
  }

  /** Tells this process's members of a join it just applied, then of a host that join made. */
  function tellJoin(room: string, joiner: PeerInfo, before: RoomState | undefined): void {
    for (const peer of rooms.peersIn(room)) {
      if (peer.id !== joiner.id) delivery.sendHere(peer.id, 'peer:joined', joiner);
    }
    // A join that reached this process after its host left may name an earlier joiner as host.
    if (before) tellState(room, before, joiner.id);
  }

  /** Tells this process's members left in the room of a departure it just applied. */
  function tellDeparture(peerId: string, departure: Departure): void {
    for (const peer of departure.remaining) delivery.sendHere(peer.id, 'peer:left', { id: peerId });
    if (departure.hostChanged) tellState(departure.room, undefined);
  }

  /** Leaves, releasing the room's claim if it emptied: before the leave is published. */
  function leaveAndRelease(peerId: string): Departure | null {
    const departure = rooms.leave(peerId);
    if (departure?.remaining.length === 0 && !isCallRoom(departure.room)) {
      releaseClaim?.(departure.room, departure.founder);
    }
    return departure;
  }

  return {
    join(room, peer, pinDigest = null, mode = 'mesh', passDigest = null) {
      // After everyone admitted so far, even within the same millisecond: the creator stays host.
      const joinedAt = Math.max(Date.now(), rooms.latestJoinIn(room) + 1);
      const state = rooms.stateOf(room);
      const before = rooms.join(room, peer, pinDigest, joinedAt, mode);
      if (passDigest) passes.record(room, peer.id, passDigest);
      publish?.({
        op: 'join',
        room,
        peer,
        pinDigest: pinDigest ? pinDigest.toString('hex') : null,
        joinedAt,
        passDigest: passDigest ? passDigest.toString('hex') : null,
      });
      tellJoin(room, peer, state);
      return before;
    },
    depart(peerId) {
      const departure = leaveAndRelease(peerId);
      if (!departure) return null;
      publish?.({ op: 'leave', peerId });
      tellDeparture(peerId, departure);
      notify(peerId, departure);
      directory.announce(peerId);
      return departure;
    },
    passHolder(room, passDigest) {
      return passes.holderOf(room, passDigest);
    },
    revokePass(peerId) {
      passes.revoke(peerId);
      publish?.({ op: 'revoke', peerId });
    },
    leaveQuietly(peerId) {
      if (leaveAndRelease(peerId)) publish?.({ op: 'leave', peerId });
    },
    removeGhost(peerId) {
      const departure = leaveAndRelease(peerId);
      if (departure) notify(peerId, departure);
      return departure;
    },
    lock(room, locked) {
      const meta = rooms.metaOf(room);
      if (meta) meta.locked = locked;
      publish?.({ op: 'lock', room, locked });
      tellState(room, undefined);
    },
    onDeparture(listener) {
      listeners.push(listener);
    },
    receive(op) {
      switch (op.op) {
        case 'join': {
          if (rooms.roomOf(op.peer.id) !== undefined) return;
          const state = rooms.stateOf(op.room);
          rooms.join(op.room, op.peer, op.pinDigest ? Buffer.from(op.pinDigest, 'hex') : null, op.joinedAt);
          if (op.passDigest) passes.record(op.room, op.peer.id, Buffer.from(op.passDigest, 'hex'));
          tellJoin(op.room, op.peer, state);
          return;
        }
        case 'leave': {
          const departure = rooms.leave(op.peerId);
          if (!departure) return;
          tellDeparture(op.peerId, departure);
          notify(op.peerId, departure);
          return;
        }
        case 'revoke': {
          passes.revoke(op.peerId);
          return;
        }
        case 'lock': {
          const meta = rooms.metaOf(op.room);
          if (!meta) return;
          const state = rooms.stateOf(op.room);
          meta.locked = op.locked;
          tellState(op.room, state);
          return;
        }
      }
    },
  };
}
