/**
 * Keyframe requests to one publisher's layer, at most one per interval. Every viewer that loses a
 * frame asks for a keyframe, and 30 viewers asking at once would make the sharer encode 30 of them;
 * a request inside the window is not dropped but sent when the window ends (one for all of them), so
 * the viewer who asked still gets its frame.
 */
import { systemClock, type Clock } from './clock';

/** The shortest time between two keyframe requests to the same layer. */
export const KEYFRAME_INTERVAL_MS = 300;

export class KeyframeThrottle {
  private lastSent = Number.NEGATIVE_INFINITY;
  private pending: unknown = null;
  private disposed = false;
  /** Requests passed on to the publisher so far. */
  sent = 0;

  constructor(
    private readonly send: () => void,
    private readonly clock: Clock = systemClock,
    private readonly intervalMs = KEYFRAME_INTERVAL_MS,
  ) {}

  request(): void {
    if (this.disposed || this.pending !== null) return;
    const wait = this.lastSent + this.intervalMs - this.clock.now();
    if (wait <= 0) this.fire();
    else
      this.pending = this.clock.setTimeout(() => {
        this.pending = null;
        this.fire();
      }, wait);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
  }

  private fire(): void {
    if (this.disposed) return;
    this.lastSent = this.clock.now();
    this.sent += 1;
    this.send();
  }
}
