/**
 * Token buckets by key, for what other machines send us: each key starts with `burst` tokens and
 * regains `perSecond` of them each second, never above `burst`. A message that finds its bucket empty
 * is dropped unread. The clock is injected, so tests step it.
 */
export interface Rate {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  /** Takes a token from `key`'s bucket; false (nothing taken) when it is empty. */
  admit(key: string, { perSecond, burst }: Rate): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets every bucket whose key starts with `prefix` (a peer that left). */
  forget(prefix: string): void {
    for (const key of this.buckets.keys()) if (key.startsWith(prefix)) this.buckets.delete(key);
  }
}
