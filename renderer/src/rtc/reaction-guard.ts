/**
 * Reactions from other people, bounded: each person has a bucket of REACTION_BURST reactions that
 * refills one per REACTION_REFILL_MS, and what arrives on an empty bucket is dropped, so a flood
 * from another machine never fills the screen. The clock is injected, so tests step it.
 */
import { REACTION_BURST, REACTION_REFILL_MS } from '../../../common/reactions';

interface Bucket {
  tokens: number;
  at: number;
}

export class ReactionGuard {
  readonly #buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether a reaction from `peerId` may be shown now; counts it when it may. */
  accept(peerId: string): boolean {
    const now = this.now();
    const bucket = this.#buckets.get(peerId) ?? { tokens: REACTION_BURST, at: now };
    const refilled = Math.floor((now - bucket.at) / REACTION_REFILL_MS);
    if (refilled > 0) {
      bucket.tokens = Math.min(REACTION_BURST, bucket.tokens + refilled);
      bucket.at += refilled * REACTION_REFILL_MS;
    }
    if (bucket.tokens >= REACTION_BURST) bucket.at = now;
    this.#buckets.set(peerId, bucket);
    if (bucket.tokens === 0) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** The person left: their bucket goes with them. */
  forget(peerId: string): void {
    this.#buckets.delete(peerId);
  }
}
