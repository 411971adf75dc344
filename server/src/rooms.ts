/**
 * Room membership: the single source of truth for who is in which room. Socket.IO's own rooms are
 * deliberately not used, so a room name can never collide with a socket id (both are short strings of
 * letters, digits, `-` and `_`) and leak another peer's private messages.
 */
import type { PeerInfo } from '../../common/schemas';
import { CodedError } from '../../common/result';

/** What remains after a peer left, so the caller can tell the others. */
export interface Departure {
  room: string;
  remaining: PeerInfo[];
}

/**
 * Tracks rooms and their members in join order. Handlers consult it before every relay; the server
 * removes a peer on disconnect, so membership always mirrors live sockets.
 */
export class RoomRegistry {
  /** Room name → members by id; a Map keeps insertion order, which gives "oldest first" for free. */
  readonly #rooms = new Map<string, Map<string, PeerInfo>>();
  /** Peer id → room name, for O(1) "which room is this socket in". */
  readonly #roomOf = new Map<string, string>();

  /** Number of non-empty rooms; empty rooms are deleted as soon as their last peer leaves. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** The room a peer is in, or undefined: handlers use it to answer NOT_IN_ROOM. */
  roomOf(peerId: string): string | undefined {
    return this.#roomOf.get(peerId);
  }

  /** Members of a room, oldest first; empty for an unknown room. */
  peersIn(room: string): PeerInfo[] {
    return [...(this.#rooms.get(room)?.values() ?? [])];
  }

  /** True when both peers are members of the same room. */
  sameRoom(a: string, b: string): boolean {
    const room = this.#roomOf.get(a);
    return room !== undefined && this.#roomOf.get(b) === room;
  }

  /**
   * Adds a peer and returns the members that were already there, oldest first. Joining twice is a
   * caller bug (handlers answer ALREADY_IN_ROOM first), so it throws.
   */
  join(room: string, peer: PeerInfo): PeerInfo[] {
    if (this.#roomOf.has(peer.id)) {
      throw new CodedError('ALREADY_IN_ROOM', `Peer ${peer.id} is already in a room.`);
    }
    let members = this.#rooms.get(room);
    if (!members) {
      members = new Map();
      this.#rooms.set(room, members);
    }
    const before = [...members.values()];
    members.set(peer.id, { id: peer.id, name: peer.name });
    this.#roomOf.set(peer.id, room);
    return before;
  }

  /** Removes a peer from its room, deleting the room when it empties; null when it was in none. */
  leave(peerId: string): Departure | null {
    const room = this.#roomOf.get(peerId);
    if (room === undefined) return null;
    this.#roomOf.delete(peerId);
    const members = this.#rooms.get(room);
    members?.delete(peerId);
    if (!members || members.size === 0) {
      this.#rooms.delete(room);
      return { room, remaining: [] };
    }
    return { room, remaining: [...members.values()] };
  }
}
