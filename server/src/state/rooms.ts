/**
 * Room membership: the single source of truth for who is in which room. Socket.IO's own rooms are
 * deliberately not used, so a room name can never collide with a socket id (both are short strings of
 * letters, digits, `-` and `_`) and leak another peer's private messages.
 */
import type { PeerInfo, RoomState } from '../../../common/signaling/room';
import type { RoomMode } from '../../../common/signaling/unit';
import { CodedError } from '../../../common/result';
import { isCallRoom } from './calls';

/** A member as replicas exchange it: when it joined orders who hosts next on every process alike. */
export type RoomMember = PeerInfo & { joinedAt: number };

/** What remains after a peer left, so the caller can tell the others. */
export interface Departure {
  room: string;
  remaining: PeerInfo[];
  /** Who created this room (see {@link RoomMeta.founder}), so an emptied room's claim can be released. */
  founder: string;
  /** The host left and the earliest joiner left now hosts: the remaining members are to be told. */
  hostChanged: boolean;
  /** How the room carried media when the peer left: a forwarded room's unit is to forget the peer. */
  mode: RoomMode;
}

/**
 * Admission state of a room. The PIN is kept only as a SHA-256 digest so it can be compared in
 * constant time and never sits in memory or a heap dump as typed.
 */
export interface RoomMeta {
  /** Who created the room; unlike the host it never changes. Names the room's cluster claim. */
  founder: string;
  pinDigest: Buffer | null;
  locked: boolean;
  /**
   * How the room carries media. Set at creation (a presentation room starts forwarded) or switched
   * once to `forwarded` by the forwarding policy (routes/forwarding.ts); never back while anyone is in.
   */
  mode: RoomMode;
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
  /**
   * Peer id → when it joined (ms, the accepting process's clock). Replicas learn of joins in different
   * orders, so the next host is the earliest joiner by this, not the first in a replica's map.
   */
  readonly #joinedAt = new Map<string, number>();
  readonly #meta = new Map<string, RoomMeta>();

  /** Number of non-empty rooms; empty rooms are deleted as soon as their last peer leaves. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Admission state of a live room, or undefined when nobody is in it. */
  metaOf(room: string): RoomMeta | undefined {
    return this.#meta.get(room);
  }

  /** Who hosts a live room and whether it is locked, as members are told; undefined when nobody is in it. */
  stateOf(room: string): RoomState | undefined {
    const meta = this.#meta.get(room);
    if (!meta) return undefined;
    return { host: isCallRoom(room) ? null : (this.hostOf(room) ?? null), locked: meta.locked };
  }

  /**
   * Who may lock the room, remove people and ask them to unmute: its earliest joiner still in it
   * (the creator, until they leave). Derived from the members, never stored, so replicas that learned
   * of joins and leaves in different orders still agree once they know the same members. Undefined
   * for an unknown room; calls have a member but no host (see {@link stateOf}).
   */
  hostOf(room: string): string | undefined {
    const members = this.#rooms.get(room);
    return members ? this.#earliest(members.keys()) : undefined;
  }

  /** How a room carries media; mesh for an unknown room. */
  modeOf(room: string): RoomMode {
    return this.#meta.get(room)?.mode ?? 'mesh';
  }

  /** Switches a live room to the forwarding unit, for as long as anyone is in it. */
  forward(room: string): void {
    const meta = this.#meta.get(room);
    if (meta) meta.mode = 'forwarded';
  }

  /**
   * When the latest member known here joined (ms), 0 for an unknown room: a join accepted here is
   * stamped after it, so a joiner never ties with, or precedes, someone its process already admitted.
   */
  latestJoinIn(room: string): number {
    let latest = 0;
    for (const id of this.#rooms.get(room)?.keys() ?? [])
      latest = Math.max(latest, this.#joinedAt.get(id) ?? 0);
    return latest;
  }

  /** Number of members, 0 for an unknown room. */
  sizeOf(room: string): number {
    return this.#rooms.get(room)?.size ?? 0;
  }

  /** Every room with its members, when each joined, and its admission state: a cluster snapshot. */
  snapshot(): { room: string; meta: RoomMeta; members: RoomMember[] }[] {
    return [...this.#rooms].map(([room, members]) => ({
      room,
      meta: this.#meta.get(room) ?? {
        founder: '',
        pinDigest: null,
        locked: false,
        mode: 'mesh',
      },
      members: [...members.values()].map((peer) => ({ ...peer, joinedAt: this.#joinedAt.get(peer.id) ?? 0 })),
    }));
  }

  /** Every peer id in any room, for reconciling with the sockets that really exist. */
  peerIds(): string[] {
    return [...this.#roomOf.keys()];
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
   * caller bug (handlers answer ALREADY_IN_ROOM first), so it throws. `joinedAt`: when the process
   * that accepted the join did (a replica passes the one it was told). `mode`: how a room this join
   * creates carries media; ignored for an existing room.
   */
  join(
    room: string,
    peer: PeerInfo,
    pinDigest: Buffer | null = null,
    joinedAt: number = Date.now(),
    mode: RoomMode = 'mesh',
  ): PeerInfo[] {
    if (this.#roomOf.has(peer.id)) {
      throw new CodedError('ALREADY_IN_ROOM', `Peer ${peer.id} is already in a room.`);
    }
    let members = this.#rooms.get(room);
    if (!members) {
      members = new Map();
      this.#rooms.set(room, members);
      this.#meta.set(room, { founder: peer.id, pinDigest, locked: false, mode });
    }
    const before = [...members.values()];
    members.set(peer.id, { id: peer.id, name: peer.name });
    this.#roomOf.set(peer.id, room);
    this.#joinedAt.set(peer.id, joinedAt);
    return before;
  }

  /** Removes a peer from its room, deleting the room when it empties; null when it was in none. */
  leave(peerId: string): Departure | null {
    const room = this.#roomOf.get(peerId);
    if (room === undefined) return null;
    const hostBefore = this.hostOf(room);
    this.#roomOf.delete(peerId);
    this.#joinedAt.delete(peerId);
    const members = this.#rooms.get(room);
    members?.delete(peerId);
    const meta = this.#meta.get(room);
    const founder = meta?.founder ?? '';
    const mode = meta?.mode ?? 'mesh';
    if (!members || members.size === 0) {
      this.#rooms.delete(room);
      this.#meta.delete(room);
      return { room, remaining: [], founder, hostChanged: false, mode };
    }
    const hostChanged = this.hostOf(room) !== hostBefore;
    return { room, remaining: [...members.values()], founder, hostChanged, mode };
  }

  /** The earliest joiner among `ids` (ties by id, so every replica picks the same one). */
  #earliest(ids: Iterable<string>): string | undefined {
    let best: { id: string; at: number } | undefined;
    for (const id of ids) {
      const at = this.#joinedAt.get(id) ?? 0;
      if (!best || at < best.at || (at === best.at && id < best.id)) best = { id, at };
    }
    return best?.id;
  }
}
