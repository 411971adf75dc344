/**
 * The calls this process runs: each call's room and who is still being rung. An accepted call is an
 * ordinary registry room under a key no room name can take (`call:<uuid>`), so negotiation, relay,
 * `peer:joined` and `peer:left` work exactly as in a named room. Pure state: what a ring or an end
 * tells anyone is the call service's business (routes/call-service.ts).
 */
import { randomUUID } from 'node:crypto';

/** Call rooms use this prefix, which no valid room name can start with, so nobody joins them by name. */
export const CALL_ROOM_PREFIX = 'call:';

/** Whether a registry room is a call's: it has no creator, no claim and no PIN. */
export function isCallRoom(room: string): boolean {
  return room.startsWith(CALL_ROOM_PREFIX);
}

/** The call id a call room is named after. */
export function callIdOf(room: string): string {
  return room.slice(CALL_ROOM_PREFIX.length);
}

/** A pending invitation: its timer ends it unanswered. */
export interface Ring {
  /** Device that sent this invitation; only it may cancel it. */
  inviter: string;
  timer: NodeJS.Timeout;
}

export interface Call {
  readonly id: string;
  readonly room: string;
  /** Callee device id → pending invitation. */
  readonly rings: Map<string, Ring>;
}

/** Every call of one server, by id and by room; ring timers are stopped whenever a ring is dropped. */
export class CallRegistry {
  readonly #calls = new Map<string, Call>();
  readonly #byRoom = new Map<string, Call>();

  /** Calls ringing or in progress, for metrics and leak checks. */
  get size(): number {
    return this.#calls.size;
  }

  get(callId: string): Call | undefined {
    return this.#calls.get(callId);
  }

  /** The call of a call room, when it runs in this process (a cluster runs each call in one process). */
  inRoom(room: string): Call | undefined {
    return this.#byRoom.get(room);
  }

  /** Every call, as a copy: ending one while iterating is safe. */
  all(): Call[] {
    return [...this.#calls.values()];
  }

  /** A new call with a fresh id and nobody in its room yet. */
  open(): Call {
    const id = randomUUID();
    const call: Call = { id, room: `${CALL_ROOM_PREFIX}${id}`, rings: new Map() };
    this.#calls.set(id, call);
    this.#byRoom.set(call.room, call);
    return call;
  }

  /** Forgets an ended call; its rings must have been dropped first. */
  remove(call: Call): void {
    this.#calls.delete(call.id);
    this.#byRoom.delete(call.room);
  }

  /** Removes one invitation and stops its timer; undefined when that device was not being rung. */
  dropRing(call: Call, callee: string): Ring | undefined {
    const ring = call.rings.get(callee);
    if (!ring) return undefined;
    clearTimeout(ring.timer);
    call.rings.delete(callee);
    return ring;
  }

  /** Server shutdown: every timer stopped, every call forgotten, so nothing outlives the server. */
  clear(): void {
    for (const call of this.#calls.values()) for (const ring of call.rings.values()) clearTimeout(ring.timer);
    this.#calls.clear();
    this.#byRoom.clear();
  }
}
