/**
 * How slowly the time-left estimate follows the speed, in seconds. The speed over the window swings
 * with every disk or network hiccup; time left at that speed jumped from 33 s to 6 min and back. At 5 s,
 * a 4 s stall does not double the estimate, and a lasting slowdown shows within about 15 s.
 */
const ESTIMATE_TIME_CONSTANT_S = 5;

/** Transfer speed over the last seconds, and the time left at a speed smoothed further. */
export class ProgressMeter {
  private samples: { at: number; bytes: number }[] = [];
  /** Bytes per second, the window's speed followed with {@link ESTIMATE_TIME_CONSTANT_S}. */
  private smoothed: number | null = null;

  constructor(
    private readonly windowMs = 3_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `bytes` in total are done; returns bytes per second over the window. */
  sample(bytes: number): number {
    const at = this.now();
    const previous = this.samples.at(-1);
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (at - first.at) / 1000;
    const speed = elapsed > 0 ? Math.max(0, (bytes - first.bytes) / elapsed) : 0;
    if (previous && at > previous.at) {
      const weight = 1 - Math.exp(-(at - previous.at) / 1000 / ESTIMATE_TIME_CONSTANT_S);
      this.smoothed = this.smoothed === null ? speed : this.smoothed + weight * (speed - this.smoothed);
    }
    return speed;
  }

  /** Seconds until `bytesLeft` more are done, at the smoothed speed; null while it is unknown. */
  secondsLeft(bytesLeft: number): number | null {
    return secondsLeft(0, bytesLeft, this.smoothed ?? 0);
  }

  reset(): void {
    this.samples = [];
    this.smoothed = null;
  }
}

/** Seconds left, or null when the speed is unknown. */
export function secondsLeft(done: number, total: number, bytesPerSecond: number): number | null {
  if (bytesPerSecond <= 0) return null;
  return Math.max(0, (total - done) / bytesPerSecond);
}
