/**
 * Room PIN guessing, slowed: wrong PINs are counted per client address in a room and per room, and
 * past a few free attempts every further one must wait a delay that doubles with each wrong PIN.
 * While a wait runs, attempts are refused without checking the PIN, so guessing a 4-digit PIN takes
 * days, not seconds, however many sockets the guesser opens.
 */
import { PIN_FREE_ATTEMPTS_PER_CLIENT, PIN_FREE_ATTEMPTS_PER_ROOM } from '../../../common/limits';
import { FailureCount } from './failure-count';

/** A client in one room: a guesser is slowed room by room, and each room by its own count too. */
function clientKey(room: string, client: string): string {
  return `${client} ${room}`;
}

/** The PIN attempts of one server process. */
export class PinGuard {
  readonly #clients: FailureCount;
  readonly #rooms: FailureCount;

  constructor(now: () => number) {
    this.#clients = new FailureCount(PIN_FREE_ATTEMPTS_PER_CLIENT, now);
    this.#rooms = new FailureCount(PIN_FREE_ATTEMPTS_PER_ROOM, now);
  }

  /** Milliseconds before `client` may try a PIN for `room` again; 0: it may now. */
  waitFor(room: string, client: string): number {
    return Math.max(this.#clients.waitFor(clientKey(room, client)), this.#rooms.waitFor(room));
  }

  /** Records a wrong PIN; answers how many wrong PINs the room has taken lately. */
  failed(room: string, client: string): number {
    this.#clients.failed(clientKey(room, client));
    return this.#rooms.failed(room);
  }

  /** A right PIN: the client's own wrong ones for the room are forgotten (the room's are not). */
  succeeded(room: string, client: string): void {
    this.#clients.clear(clientKey(room, client));
  }

  /** Whether nothing is remembered, for leak checks. */
  get empty(): boolean {
    return this.#clients.size === 0 && this.#rooms.size === 0;
  }
}
