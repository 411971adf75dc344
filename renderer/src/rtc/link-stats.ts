/**
 * The figures of one link while someone looks at them: getStats() once a second, read against the
 * previous report (stats.ts), a minute of bitrate history and our screen sender's limits. Whoever
 * shows them starts it and stops it, so a closed stats panel costs nothing.
 */
import { Emitter } from './emitter';
import type { PeerLink } from './peer-link';
import { Sampler } from './sampler';
import { reduceStats, toReport, type LinkFigures, type StatsEntry } from './stats';

/** One minute of one-second samples. */
export const HISTORY_LENGTH = 60;
export const STATS_INTERVAL_MS = 1_000;

export interface BitratePoint {
  kbpsIn: number;
  kbpsOut: number;
}

/** What our screen sender is currently allowed (from getParameters), as the stats panel shows it. */
export interface ScreenLimits {
  maxBitrate: number | null;
  maxFramerate: number | null;
  degradationPreference: string | null;
}

/** What the stats need of a link; tests pass recorded reports. */
export type StatsSource = Pick<PeerLink, 'screenVideoSender' | 'iceRestarts'> & {
  pc: Pick<RTCPeerConnection, 'getStats'>;
};

export interface LinkStatsView {
  figures: LinkFigures | null;
  /** Oldest first, at most HISTORY_LENGTH points. */
  history: BitratePoint[];
  screen: ScreenLimits | null;
}

export interface LinkStatsEvents {
  changed: LinkStatsView;
}

function limitsOf(sender: RTCRtpSender | null): ScreenLimits | null {
  if (!sender) return null;
  const parameters = sender.getParameters();
  const encoding = parameters.encodings[0];
  return {
    maxBitrate: encoding?.maxBitrate ?? null,
    maxFramerate: encoding?.maxFramerate ?? null,
    degradationPreference: parameters.degradationPreference ?? null,
  };
}

export class LinkStats extends Emitter<LinkStatsEvents> {
  view: LinkStatsView = { figures: null, history: [], screen: null };
  private previous: Map<string, StatsEntry> | null = null;
  private readonly sampler: Sampler<Map<string, StatsEntry>>;

  constructor(
    private readonly link: StatsSource,
    intervalMs = STATS_INTERVAL_MS,
  ) {
    super();
    this.sampler = new Sampler({
      read: async () => toReport(await link.pc.getStats()),
      onSample: (report) => this.take(report),
      intervalMs,
      immediate: true,
      what: 'the connection statistics',
    });
  }

  start(): void {
    this.sampler.start();
  }

  stop(): void {
    this.sampler.stop();
  }

  /** Reads the link once now (the period does the same). */
  sampleNow(): Promise<void> {
    return this.sampler.sampleNow();
  }

  private take(report: Map<string, StatsEntry>): void {
    const figures = reduceStats(this.previous, report);
    this.previous = report;
    let history = this.view.history;
    if (figures.kbpsIn !== null && figures.kbpsOut !== null) {
      history = [...history, { kbpsIn: figures.kbpsIn, kbpsOut: figures.kbpsOut }].slice(-HISTORY_LENGTH);
    }
    this.view = { figures, history, screen: limitsOf(this.link.screenVideoSender()) };
    this.emit('changed', this.view);
  }
}
