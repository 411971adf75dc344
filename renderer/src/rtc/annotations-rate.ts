/**
 * The receiver's bound on annotation messages: one token bucket per peer and class
 * (`ANNOTATION_RATE` in common/peer-protocol.ts). A peer that floods pointer moves loses the excess,
 * unread, and nothing else of the call notices: chat, transfers and media keep their own paths.
 */
import { ANNOTATION_KINDS, ANNOTATION_RATE, type AnnotationMessage } from '../../../common/peer-protocol';

type RateClass = keyof typeof ANNOTATION_RATE;

interface Bucket {
  tokens: number;
  at: number;
}

export class AnnotationRate {
  private readonly buckets = new Map<string, Bucket>();
  /** Messages dropped so far, by class: what a flood cost its sender. */
  readonly dropped: Record<RateClass, number> = { pointer: 0, drawing: 0 };

  constructor(private readonly now: () => number) {}

  /** Takes a token for this message from its sender's bucket; false when the bucket is empty. */
  admit(peerId: string, message: AnnotationMessage): boolean {
    const rateClass = ANNOTATION_KINDS[message.t];
    const { perSecond, burst } = ANNOTATION_RATE[rateClass];
    const key = `${rateClass}:${peerId}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      this.dropped[rateClass] += 1;
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  forget(peerId: string): void {
    for (const rateClass of Object.keys(ANNOTATION_RATE)) this.buckets.delete(`${rateClass}:${peerId}`);
  }
}
