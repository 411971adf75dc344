/**
 * Keeps every link's screen sender on the quality the user chose. A fixed preset applies at once; for
 * "Auto" the captured frame rate of our screen is sampled once a second while we share, and the Auto
 * controller moves between text and motion. The UI hands in what the user chose and whether we share,
 * and shows `mode`; everything else happens here.
 */
import { AutoQuality } from './auto-quality';
import { Emitter } from './emitter';
import type { PeerLink } from './peer-link';
import type { ScreenCodec, ScreenMode, SharePreset } from './quality';
import { Sampler } from './sampler';
import { capturedFps, toReport } from './stats';

/** The Auto thresholds count samples taken this far apart (auto-quality.ts). */
export const SAMPLE_INTERVAL_MS = 1_000;

/** What screen quality needs of a link: tuning its screen sender, and that sender for its stats. */
export type ScreenLink = Pick<PeerLink, 'setScreenMode' | 'setScreenCodec' | 'screenVideoSender'>;

export interface ScreenQualityEvents {
  /** The encoders were told another mode. */
  mode: ScreenMode;
}

/** The captured frame rate of our screen, read from the first link that sends it; null if none does. */
export async function screenCaptureFps(links: readonly ScreenLink[]): Promise<number | null> {
  for (const link of links) {
    const sender = link.screenVideoSender();
    if (!sender) continue;
    const fps = capturedFps(toReport(await sender.getStats()));
    if (fps !== null) return fps;
  }
  return null;
}

export class ScreenQuality extends Emitter<ScreenQualityEvents> {
  /** What the encoders are told now. */
  mode: ScreenMode = 'text';
  /** The codec the user chose for screens ("auto": the measured order). */
  codec: ScreenCodec = 'auto';
  private readonly auto = new AutoQuality();
  private readonly sampler: Sampler<number | null>;

  /** `links` is read at every change and sample, so links that come and go are followed. */
  constructor(
    private readonly links: () => readonly ScreenLink[],
    intervalMs = SAMPLE_INTERVAL_MS,
  ) {
    super();
    this.sampler = new Sampler({
      read: () => screenCaptureFps(this.links()),
      onSample: (fps) => this.settle(this.auto.feed(fps)),
      intervalMs,
      what: 'the screen capture rate',
    });
  }

  /** Whether we share and what the user chose; Auto samples only while both hold. */
  update(sharing: boolean, preset: SharePreset): void {
    if (!sharing) this.auto.reset();
    if (sharing && preset === 'auto') this.sampler.start();
    else this.sampler.stop();
    this.settle(preset === 'auto' ? this.auto.mode : preset);
  }

  /** The user chose another codec for screens: every link sends with it (renegotiating while sharing). */
  setCodec(codec: ScreenCodec): void {
    this.codec = codec;
    this.linksChanged();
  }

  /** Links came or went: every link is told the current mode and codec (one that has them ignores it). */
  linksChanged(): void {
    for (const link of this.links()) {
      link.setScreenCodec(this.codec);
      link.setScreenMode(this.mode);
    }
  }

  dispose(): void {
    this.sampler.stop();
    this.clearListeners();
  }

  private settle(mode: ScreenMode): void {
    const changed = mode !== this.mode;
    this.mode = mode;
    this.linksChanged();
    if (changed) this.emit('mode', mode);
  }
}
