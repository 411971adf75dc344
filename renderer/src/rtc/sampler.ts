/**
 * Reads something once per period while started: getStats() for the stats panel, the captured frame
 * rate for the Auto screen quality. A read still running when the next period comes is not doubled,
 * a read that ends after stop() is dropped (its figures would describe a state already left), and a
 * failed read is logged and tried again next period.
 */
import { createLogger } from '../log';

const log = createLogger('rtc:sampler');

export interface SamplerOptions<T> {
  read: () => Promise<T>;
  onSample: (sample: T) => void;
  intervalMs: number;
  /** Read at start() too, not only after the first period (a panel that opens shows figures at once). */
  immediate?: boolean;
  /** What is sampled, for the log line when a read fails. */
  what: string;
}

export class Sampler<T> {
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading = false;
  /** Bumped by stop(), so a read that started before it cannot deliver after it. */
  private generation = 0;

  constructor(private readonly options: SamplerOptions<T>) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts reading each period; calling it while running changes nothing. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.sampleNow(), this.options.intervalMs);
    if (this.options.immediate) void this.sampleNow();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.generation += 1;
  }

  /** One read now, unless one is under way; resolves once its sample was delivered (or dropped). */
  async sampleNow(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    const generation = this.generation;
    try {
      const sample = await this.options.read();
      if (generation === this.generation) this.options.onSample(sample);
    } catch (error) {
      log.warn(`could not sample ${this.options.what}`, error);
    } finally {
      this.reading = false;
    }
  }
}
