/**
 * Ring spam, bounded: each device may start RINGS_PER_CALLER rings and receive RINGS_PER_CALLEE rings
 * within RING_WINDOW_MS. An invitation that would exceed either is refused as a whole before anyone
 * rings, with how long to wait. The clock is injected, so tests step it.
 */
import { RING_WINDOW_MS, RINGS_PER_CALLEE, RINGS_PER_CALLER } from '../../../common/limits';

/** When each recent ring of one device happened, oldest first. */
type Log = number[];

/** Above this many devices, forgotten logs are swept at the next ring, so memory stays bounded. */
const SWEEP_ABOVE = 256;

/** The rings of one server process, per calling and per called device. */
export class RingGuard {
  readonly #started = new Map<string, Log>();
  readonly #received = new Map<string, Log>();

  constructor(private readonly now: () => number) {}

  /**
   * Milliseconds before `caller` may ring all of `callees`; 0: it may now. Checks only: rings count
   * once {@link record}ed.
   */
  waitFor(caller: string, callees: readonly string[]): number {
    const now = this.now();
    let wait = this.#wait(this.#started, caller, callees.length, RINGS_PER_CALLER, now);
    for (const callee of callees) {
      wait = Math.max(wait, this.#wait(this.#received, callee, 1, RINGS_PER_CALLEE, now));
    }
    return wait;
  }

  /** Counts the rings of one invitation that went out. */
  record(caller: string, callees: readonly string[]): void {
    const now = this.now();
    for (const callee of callees) {
      this.#push(this.#started, caller, now);
      this.#push(this.#received, callee, now);
    }
  }

  /** Whether nothing is remembered, for leak checks. */
  get empty(): boolean {
    const now = this.now();
    for (const records of [this.#started, this.#received]) {
      for (const key of [...records.keys()]) this.#recent(records, key, now);
    }
    return this.#started.size === 0 && this.#received.size === 0;
  }

  /** How long until `key` may take `more` rings, its log holding at most `limit` within the window. */
  #wait(records: Map<string, Log>, key: string, more: number, limit: number, now: number): number {
    const log = this.#recent(records, key, now);
    const excess = log.length + more - limit;
    if (excess <= 0) return 0;
    // The oldest `excess` rings must leave the window first; more rings than the limit never fit.
    const leaving = log[excess - 1];
    if (leaving === undefined) return RING_WINDOW_MS;
    return leaving + RING_WINDOW_MS - now;
  }

  #push(records: Map<string, Log>, key: string, now: number): void {
    if (records.size > SWEEP_ABOVE) {
      for (const other of [...records.keys()]) this.#recent(records, other, now);
    }
    const log = this.#recent(records, key, now);
    log.push(now);
    records.set(key, log);
  }

  /** The key's rings still within the window; older ones are dropped, and an empty log forgotten. */
  #recent(records: Map<string, Log>, key: string, now: number): Log {
    const log = records.get(key);
    if (!log) return [];
    while (log.length > 0 && (log[0] ?? now) <= now - RING_WINDOW_MS) log.shift();
    if (log.length === 0) records.delete(key);
    return log;
  }
}
