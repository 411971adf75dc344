/**
 * The per-socket event budget: a flooding client is answered RATE_LIMITED, and one that keeps going is
 * disconnected, so one broken or hostile tab cannot starve the others of the event loop.
 */
import { RateLimiter, TokenBucket } from 'limiter';
import { RATE_STRIKE_WINDOW_S } from '../../../common/limits';

/**
 * Per-socket event budgets (`limiter`): events per second, and strikes (refused events) within
 * RATE_STRIKE_WINDOW_S before a disconnect. Each socket's limiter is one small object made at its
 * first event and checked synchronously: no promise, timer or record per event. rate-limiter-flexible,
 * used before, started a timer and a record for every window it opened; with many sockets sending
 * now and then, that was one of each per event (docs/PERFORMANCE.md, "Less state per socket").
 */
export class RateGuard {
  readonly #events = new Map<string, Pick<TokenBucket, 'tryRemoveTokens'>>();
  readonly #strikes = new Map<string, RateLimiter>();

  /**
   * `burst`: events a socket may send at once, refilled at `eventsPerSecond` (a token bucket of that
   * size, full at the socket's first event). Without a larger burst, at most `eventsPerSecond` in any
   * one second (limiter's RateLimiter), as always.
   */
  constructor(
    private readonly eventsPerSecond: number,
    private readonly strikes: number,
    private readonly burst: number = eventsPerSecond,
  ) {}

  /** Takes one event from the socket's budget; false when it has none left. */
  admit(socketId: string): boolean {
    let events = this.#events.get(socketId);
    if (!events) {
      events = this.burst > this.eventsPerSecond ? this.#bucket() : this.#perSecond();
      this.#events.set(socketId, events);
    }
    return events.tryRemoveTokens(1);
  }

  #perSecond(): RateLimiter {
    return new RateLimiter({ tokensPerInterval: this.eventsPerSecond, interval: 'second' });
  }

  #bucket(): TokenBucket {
    const bucket = new TokenBucket({
      bucketSize: this.burst,
      tokensPerInterval: this.eventsPerSecond,
      interval: 'second',
    });
    bucket.content = this.burst;
    return bucket;
  }

  /** Counts a refused event; true once the socket has been refused too often and must go. */
  strike(socketId: string): boolean {
    let strikes = this.#strikes.get(socketId);
    if (!strikes) {
      strikes = new RateLimiter({ tokensPerInterval: this.strikes, interval: RATE_STRIKE_WINDOW_S * 1000 });
      this.#strikes.set(socketId, strikes);
    }
    return !strikes.tryRemoveTokens(1);
  }

  /** Forgets a socket's budgets once it has gone. */
  forget(socketId: string): void {
    this.#events.delete(socketId);
    this.#strikes.delete(socketId);
  }
}
