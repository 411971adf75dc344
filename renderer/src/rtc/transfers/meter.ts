/** Transfer speed smoothed over the last seconds, and the time left at that speed. */
export class ProgressMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 3_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `bytes` in total are done; returns bytes per second over the window. */
  sample(bytes: number): number {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (at - first.at) / 1000;
    return elapsed > 0 ? Math.max(0, (bytes - first.bytes) / elapsed) : 0;
  }

  reset(): void {
    this.samples = [];
  }
}

/** Seconds left, or null when the speed is unknown. */
export function secondsLeft(done: number, total: number, bytesPerSecond: number): number | null {
  if (bytesPerSecond <= 0) return null;
  return Math.max(0, (total - done) / bytesPerSecond);
}
