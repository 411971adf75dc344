/**
 * Which simulcast layer a viewer gets, from its congestion feedback: its bandwidth estimate (REMB) and
 * the loss in its receiver reports. A phone on Wi-Fi gets the small layer while a desktop on cable
 * keeps the full one. Hysteresis keeps a viewer from flapping: it goes up only with clear headroom and
 * no loss, and down when the estimate no longer covers its layer or loss is heavy.
 */

export interface LayerRate {
  rid: string;
  /** Measured bits per second over the last second; 0 when the layer is not flowing. */
  bitrate: number;
}

export interface LayerInput {
  /** Layers lowest first. */
  layers: readonly LayerRate[];
  current: string | undefined;
  /** The viewer's bandwidth for this track (bits/s), undefined before any estimate. */
  budget: number | undefined;
  /** Fraction lost in the last receiver report (0 to 1), undefined before any. */
  loss: number | undefined;
}

/** Headroom needed to go up a layer. */
export const UP_HEADROOM = 1.25;
/** Share of the budget the current layer may use before it is given up. */
export const DOWN_THRESHOLD = 0.95;
/** Loss at which a viewer steps down a layer whatever its estimate; loss below `UP_LOSS` allows up. */
export const DOWN_LOSS = 0.1;
export const UP_LOSS = 0.02;

/** The rid to forward, or undefined when no layer flows. */
export function chooseLayer({ layers, current, budget, loss }: LayerInput): string | undefined {
  const flowing = layers.filter((layer) => layer.bitrate > 0);
  if (flowing.length === 0) return layers.at(-1)?.rid;
  const top = flowing.at(-1) as LayerRate;
  const currentIndex = flowing.findIndex((layer) => layer.rid === current);
  if (budget === undefined) return currentIndex >= 0 ? current : top.rid;
  if (currentIndex < 0) {
    const fits = flowing.filter((layer) => layer.bitrate <= budget * DOWN_THRESHOLD);
    return (fits.at(-1) ?? flowing[0])?.rid;
  }
  if (loss !== undefined && loss >= DOWN_LOSS && currentIndex > 0) {
    return flowing[currentIndex - 1]?.rid;
  }
  const held = flowing[currentIndex] as LayerRate;
  if (held.bitrate > budget * DOWN_THRESHOLD && currentIndex > 0) {
    const fits = flowing.slice(0, currentIndex).filter((l) => l.bitrate <= budget * DOWN_THRESHOLD);
    return (fits.at(-1) ?? flowing[0])?.rid;
  }
  const next = flowing[currentIndex + 1];
  if (next && next.bitrate * UP_HEADROOM <= budget && (loss ?? 0) < UP_LOSS) return next.rid;
  return current;
}

/** Bits per second of one stream over a sliding window, from packet sizes and arrival times. */
export class BitrateMeter {
  private readonly samples: { at: number; bytes: number }[] = [];
  private total = 0;

  constructor(private readonly windowMs = 1000) {}

  add(now: number, bytes: number): void {
    this.samples.push({ at: now, bytes });
    this.total += bytes;
    this.trim(now);
  }

  bitrate(now: number): number {
    this.trim(now);
    return (this.total * 8 * 1000) / this.windowMs;
  }

  private trim(now: number): void {
    while (this.samples.length > 0 && (this.samples[0] as { at: number }).at <= now - this.windowMs) {
      this.total -= (this.samples.shift() as { bytes: number }).bytes;
    }
  }
}
