/**
 * Rejoin passes: the secret a `room:join` ack hands its member so that, after a signaling drop, the
 * member's new socket comes back into the same room past its lock and PIN, and the old peer id leaves
 * at once instead of lingering until the heartbeat notices it. Only a SHA-256 digest of each pass is
 * kept (as for room PINs), compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';

/** How long a pass outlives a dropped connection: the member's app rejoins within seconds of reconnecting. */
export const REJOIN_PASS_TTL_MS = 2 * 60_000;

/** A pass as processes exchange it in a cluster snapshot (digest in hex). */
export interface RejoinPassEntry {
  room: string;
  peerId: string;
  digest: string;
  /** Milliseconds the pass still opens its room for; null while its member is in it. */
  leftMs: number | null;
}

interface Pass {
  digest: Buffer;
  /** Null while its member is in the room; set when the member's connection dropped. */
  expiresAt: number | null;
}

/** The passes one process honours (its own members' and, in a cluster, every other process's). */
export class RejoinPasses {
  /** Room → member id → pass: a pass is only ever compared against its own room's. */
  readonly #byRoom = new Map<string, Map<string, Pass>>();
  readonly #roomOf = new Map<string, string>();
  /** Member id → expiry of the passes of dropped members, oldest first (the TTL is constant). */
  readonly #dropped = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Keeps the digest of the pass `peerId` was given for `room`, replacing any earlier one. */
  record(room: string, peerId: string, digest: Buffer): void {
    this.revoke(peerId);
    let passes = this.#byRoom.get(room);
    if (!passes) {
      passes = new Map();
      this.#byRoom.set(room, passes);
    }
    passes.set(peerId, { digest, expiresAt: null });
    this.#roomOf.set(peerId, room);
  }

  /**
   * The member the pass whose digest is `digest` was issued to, when it is live for `room`; undefined
   * otherwise. Every pass of the room is compared, in constant time, whichever matches.
   */
  holderOf(room: string, digest: Buffer): string | undefined {
    this.#sweep();
    const passes = this.#byRoom.get(room);
    if (!passes) return undefined;
    let holder: string | undefined;
    for (const [peerId, pass] of passes) {
      if (timingSafeEqual(digest, pass.digest) && holder === undefined) holder = peerId;
    }
    return holder;
  }

  /** Its member's connection dropped: the pass still opens the room, for {@link REJOIN_PASS_TTL_MS}. */
  expire(peerId: string): void {
    const room = this.#roomOf.get(peerId);
    const pass = room === undefined ? undefined : this.#byRoom.get(room)?.get(peerId);
    if (pass && pass.expiresAt === null) {
      pass.expiresAt = this.#now() + REJOIN_PASS_TTL_MS;
      this.#dropped.set(peerId, pass.expiresAt);
    }
    this.#sweep();
  }

  /** Spent, or its member left on purpose or was removed: the pass opens nothing any more. */
  revoke(peerId: string): void {
    const room = this.#roomOf.get(peerId);
    if (room === undefined) return;
    this.#roomOf.delete(peerId);
    this.#dropped.delete(peerId);
    const passes = this.#byRoom.get(room);
    passes?.delete(peerId);
    if (passes?.size === 0) this.#byRoom.delete(room);
  }

  /** Every live pass, for a process joining the cluster; `leftMs`: null while its member is in. */
  snapshot(): RejoinPassEntry[] {
    this.#sweep();
    const now = this.#now();
    return [...this.#byRoom].flatMap(([room, passes]) =>
      [...passes].map(([peerId, pass]) => ({
        room,
        peerId,
        digest: pass.digest.toString('hex'),
        leftMs: pass.expiresAt === null ? null : pass.expiresAt - now,
      })),
    );
  }

  /** Adds another process's passes; those already known here stay as they are. */
  restore(entries: readonly RejoinPassEntry[]): void {
    for (const entry of entries) {
      if (this.#roomOf.has(entry.peerId)) continue;
      this.record(entry.room, entry.peerId, Buffer.from(entry.digest, 'hex'));
      if (entry.leftMs === null) continue;
      const expiresAt = this.#now() + entry.leftMs;
      const pass = this.#byRoom.get(entry.room)?.get(entry.peerId);
      if (pass) pass.expiresAt = expiresAt;
      this.#dropped.set(entry.peerId, expiresAt);
    }
    this.#sweep();
  }

  /**
   * The room emptied and is gone: its passes must not open a new room someone else creates under the
   * same name.
   */
  forgetRoom(room: string): void {
    for (const peerId of [...(this.#byRoom.get(room)?.keys() ?? [])]) this.revoke(peerId);
  }

  /** Forgets the passes of members who dropped longer than the TTL ago. */
  #sweep(): void {
    const now = this.#now();
    // Not stopping at the first live one: passes restored from another process come out of order.
    for (const [peerId, expiresAt] of this.#dropped) {
      if (expiresAt <= now) this.revoke(peerId);
    }
  }
}
