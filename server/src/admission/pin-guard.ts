/**
 * Room PIN guessing, slowed: wrong PINs are counted per client address in a room and per room, and past a few
 * free attempts every further one must wait a delay that doubles with each wrong PIN. While a wait
 * runs, attempts are refused without checking the PIN, so guessing a 4-digit PIN takes days, not
 * seconds, however many sockets the guesser opens. The clock is injected, so tests step it.
 */
import {
  PIN_BASE_DELAY_MS,
  PIN_FAILURE_MEMORY_MS,
  PIN_FREE_ATTEMPTS_PER_CLIENT,
  PIN_FREE_ATTEMPTS_PER_ROOM,
  PIN_MAX_DELAY_MS,
} from '../../../common/limits';

/** Wrong PINs of one client or one room, and when the next attempt may come. */
interface Failures {
  count: number;
  /** Epoch ms before which attempts are refused unchecked. */
  blockedUntil: number;
  last: number;
}

/** Above this many records, forgotten ones are swept at the next failure, so memory stays bounded. */
const SWEEP_ABOVE = 256;

/** A client in one room: a guesser is slowed room by room, and each room by its own count too. */
function clientKey(room: string, client: string): string {
  return `${client} ${room}`;
}

/** The delay after `count` wrong PINs when `free` of them cost nothing. */
function delayAfter(count: number, free: number): number {
  if (count < free) return 0;
  return Math.min(PIN_MAX_DELAY_MS, PIN_BASE_DELAY_MS * 2 ** Math.min(count - free, 30));
}

/** The PIN attempts of one server process. */
export class PinGuard {
  readonly #clients = new Map<string, Failures>();
  readonly #rooms = new Map<string, Failures>();

  constructor(private readonly now: () => number) {}

  /** Milliseconds before `client` may try a PIN for `room` again; 0: it may now. */
  waitFor(room: string, client: string): number {
    const now = this.now();
    const until = Math.max(
      this.#live(this.#clients, clientKey(room, client), now),
      this.#live(this.#rooms, room, now),
    );
    return Math.max(0, until - now);
  }

  /** Records a wrong PIN; answers how many wrong PINs the room has taken lately. */
  failed(room: string, client: string): number {
    const now = this.now();
    this.#count(this.#clients, clientKey(room, client), PIN_FREE_ATTEMPTS_PER_CLIENT, now);
    return this.#count(this.#rooms, room, PIN_FREE_ATTEMPTS_PER_ROOM, now);
  }

  /** A right PIN: the client's own wrong ones for the room are forgotten (the room's are not). */
  succeeded(room: string, client: string): void {
    this.#clients.delete(clientKey(room, client));
  }

  /** Whether nothing is remembered, for leak checks. */
  get empty(): boolean {
    return this.#clients.size === 0 && this.#rooms.size === 0;
  }

  /** `blockedUntil` of a record still remembered, else 0 (and the record is dropped). */
  #live(records: Map<string, Failures>, key: string, now: number): number {
    const record = records.get(key);
    if (!record) return 0;
    if (now - record.last >= PIN_FAILURE_MEMORY_MS) {
      records.delete(key);
      return 0;
    }
    return record.blockedUntil;
  }

  #count(records: Map<string, Failures>, key: string, free: number, now: number): number {
    if (records.size > SWEEP_ABOVE) {
      for (const [other, record] of records) {
        if (now - record.last >= PIN_FAILURE_MEMORY_MS) records.delete(other);
      }
    }
    this.#live(records, key, now); // drops a record that is forgotten by now
    const count = (records.get(key)?.count ?? 0) + 1;
    records.set(key, { count, blockedUntil: now + delayAfter(count, free), last: now });
    return count;
  }
}
