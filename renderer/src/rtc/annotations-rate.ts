/**
 * The receiver's bound on annotation messages: one token bucket per peer and class
 * (`ANNOTATION_RATE` in common/peer-protocol.ts). A peer that floods pointer moves loses the excess,
 * unread, and nothing else of the call notices: chat, transfers and media keep their own paths.
 */
import { ANNOTATION_KINDS, ANNOTATION_RATE, type AnnotationMessage } from '../../../common/peer-protocol';
import { RateBuckets } from './rate-buckets';

type RateClass = keyof typeof ANNOTATION_RATE;

export class AnnotationRate {
  private readonly buckets: RateBuckets;
  /** Messages dropped so far, by class: what a flood cost its sender. */
  readonly dropped: Record<RateClass, number> = { pointer: 0, drawing: 0 };

  constructor(now: () => number) {
    this.buckets = new RateBuckets(now);
  }

  /** Takes a token for this message from its sender's bucket; false when the bucket is empty. */
  admit(peerId: string, message: AnnotationMessage): boolean {
    const rateClass = ANNOTATION_KINDS[message.t];
    if (this.buckets.admit(`${peerId}\n${rateClass}`, ANNOTATION_RATE[rateClass])) return true;
    this.dropped[rateClass] += 1;
    return false;
  }

  forget(peerId: string): void {
    this.buckets.forget(`${peerId}\n`);
  }
}
