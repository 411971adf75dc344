/**
 * Wrong secrets (room PINs, access codes) counted per key, with a wait that doubles for each one past
 * a few free ones: a guesser is slowed to days, a typo costs nothing. Records are forgotten after a
 * quiet while and swept, so memory stays bounded. The clock is injected, so tests step it.
 */
import { PIN_BASE_DELAY_MS, PIN_FAILURE_MEMORY_MS, PIN_MAX_DELAY_MS } from '../../../common/limits';

/** Wrong secrets of one key, and when the next attempt may come. */
interface Failures {
  count: number;
  /** Epoch ms before which attempts are refused unchecked. */
  blockedUntil: number;
  last: number;
}

/** Above this many records, forgotten ones are swept at the next failure. */
const SWEEP_ABOVE = 256;

/** The wait after `count` wrong secrets when `free` of them cost nothing. */
function delayAfter(count: number, free: number): number {
  if (count < free) return 0;
  return Math.min(PIN_MAX_DELAY_MS, PIN_BASE_DELAY_MS * 2 ** Math.min(count - free, 30));
}

/** Wrong secrets per key of one server process. */
export class FailureCount {
  readonly #records = new Map<string, Failures>();

  constructor(
    /** Wrong secrets a key may give before each further attempt must wait. */
    private readonly free: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds before `key` may try again; 0: it may now. */
  waitFor(key: string): number {
    const now = this.now();
    return Math.max(0, this.#live(key, now) - now);
  }

  /** Records a wrong secret; answers how many `key` gave lately. */
  failed(key: string): number {
    const now = this.now();
    if (this.#records.size > SWEEP_ABOVE) {
      for (const other of [...this.#records.keys()]) this.#live(other, now);
    }
    this.#live(key, now); // drops a record that is forgotten by now
    const count = (this.#records.get(key)?.count ?? 0) + 1;
    this.#records.set(key, { count, blockedUntil: now + delayAfter(count, this.free), last: now });
    return count;
  }

  /** The right secret: `key`'s wrong ones are forgotten. */
  clear(key: string): void {
    this.#records.delete(key);
  }

  /** Keys remembered, forgotten ones dropped first; for leak checks. */
  get size(): number {
    const now = this.now();
    for (const key of [...this.#records.keys()]) this.#live(key, now);
    return this.#records.size;
  }

  /** `blockedUntil` of a record still remembered, else 0 (and the record is dropped). */
  #live(key: string, now: number): number {
    const record = this.#records.get(key);
    if (!record) return 0;
    if (now - record.last >= PIN_FAILURE_MEMORY_MS) {
      this.#records.delete(key);
      return 0;
    }
    return record.blockedUntil;
  }
}
