/**
 * Changes to room membership (join, leave, lock), made here and published to every other process, and
 * the ones other processes publish, applied with the same departure listeners: leaving a room may end
 * a call and changes a directory status, wherever the leave happened. Members hear of a new host or
 * lock (`room:updated`) from the process where the change was made.
 */
import type { PeerInfo } from '../../../common/signaling/room';
import type { RoomMode } from '../../../common/signaling/unit';
import { isCallRoom } from '../state/calls';
import type { Departure, RoomRegistry } from '../state/rooms';
import type { Publish, RoomOp } from '../transport/inter-server';
import type { Delivery } from './delivery';
import type { Directory } from './directory';

/** Called after a socket left a room (request, removal, disconnect, or another process said so). */
export type DepartureListener = (peerId: string, departure: Departure) => void;

export interface Membership {
  /**
   * Adds a peer to a room (creating it with `pinDigest` and `mode`), everywhere; returns who was
   * there. Only a process running alone creates forwarded rooms, so other processes never need the mode.
   */
  join(room: string, peer: PeerInfo, pinDigest?: Buffer | null, mode?: RoomMode): PeerInfo[];
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
  delivery: Pick<Delivery, 'sendTo'>;
  /** A socket that left a room shows its chosen status again. */
  directory: Pick<Directory, 'announce'>;
}

export function createMembership(parts: MembershipParts): Membership {
  const { rooms, releaseClaim, publish, delivery, directory } = parts;
  const listeners: DepartureListener[] = [];

  function notify(peerId: string, departure: Departure): void {
    for (const listener of listeners) listener(peerId, departure);
  }

  /** A departure that handed the room to its oldest member: every remaining member is told. */
  function tellState(departure: Departure): void {
    const state = departure.hostChanged ? rooms.stateOf(departure.room) : undefined;
    if (!state || state.host === null) return;
    for (const peer of departure.remaining) delivery.sendTo(peer.id, 'room:updated', state);
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
    join(room, peer, pinDigest = null, mode = 'mesh') {
      const joinedAt = Date.now();
      const before = rooms.join(room, peer, pinDigest, joinedAt, mode);
      publish?.({
        op: 'join',
        room,
        peer,
        pinDigest: pinDigest ? pinDigest.toString('hex') : null,
        joinedAt,
      });
      return before;
    },
    depart(peerId) {
      const departure = leaveAndRelease(peerId);
      if (!departure) return null;
      publish?.({ op: 'leave', peerId });
      for (const peer of departure.remaining) delivery.sendTo(peer.id, 'peer:left', { id: peerId });
      tellState(departure);
      notify(peerId, departure);
      directory.announce(peerId);
      return departure;
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
      const state = rooms.stateOf(room);
      if (state) for (const peer of rooms.peersIn(room)) delivery.sendTo(peer.id, 'room:updated', state);
    },
    onDeparture(listener) {
      listeners.push(listener);
    },
    receive(op) {
      switch (op.op) {
        case 'join':
          if (rooms.roomOf(op.peer.id) === undefined) {
            rooms.join(op.room, op.peer, op.pinDigest ? Buffer.from(op.pinDigest, 'hex') : null, op.joinedAt);
          }
          return;
        case 'leave': {
          const departure = rooms.leave(op.peerId);
          if (departure) notify(op.peerId, departure);
          return;
        }
        case 'lock': {
          const meta = rooms.metaOf(op.room);
          if (meta) meta.locked = op.locked;
          return;
        }
      }
    },
  };
}
