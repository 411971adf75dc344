/**
 * Asking someone to unmute, bounded: a host may ask the same person once per UNMUTE_ASK_INTERVAL_MS,
 * so a prompt cannot be turned into a flood on their screen. The clock is injected, so tests step it.
 */
import { UNMUTE_ASK_INTERVAL_MS } from '../../../common/limits';

/** Above this many remembered asks, those older than the interval are swept, so memory stays bounded. */
const SWEEP_ABOVE = 256;

/** The unmute asks of one server process, by asker and asked. */
export class AskGuard {
  /** `asker>asked` → when that ask went out. */
  readonly #last = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /**
   * Records an ask and answers 0 when it may go out now, else the milliseconds before it may (and
   * nothing is recorded).
   */
  ask(asker: string, asked: string): number {
    const now = this.now();
    const key = `${asker}>${asked}`;
    const last = this.#last.get(key);
    if (last !== undefined && now - last < UNMUTE_ASK_INTERVAL_MS) return last + UNMUTE_ASK_INTERVAL_MS - now;
    if (this.#last.size >= SWEEP_ABOVE) {
      for (const [other, at] of this.#last) if (now - at >= UNMUTE_ASK_INTERVAL_MS) this.#last.delete(other);
    }
    this.#last.set(key, now);
    return 0;
  }

  /** How many asks are remembered, for leak checks. */
  get size(): number {
    return this.#last.size;
  }
}
