/**
 * Polls one link's getStats() once a second while the calling component is mounted, and keeps the
 * figures, a minute of bitrate history and our screen sender's limits. Polling stops with the
 * component's scope, so a closed stats panel costs nothing.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { createLogger } from '../log';
import type { PeerLink } from '../rtc/peer-link';
import { reduceStats, toReport, type LinkFigures, type StatsEntry } from '../rtc/stats';

const log = createLogger('ui:stats');

/** One minute of one-second samples. */
export const HISTORY_LENGTH = 60;

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

export type StatsSource = Pick<PeerLink, 'screenVideoSender' | 'iceRestarts'> & {
  pc: Pick<RTCPeerConnection, 'getStats'>;
};

export interface LinkStats {
  figures: ShallowRef<LinkFigures | null>;
  history: ShallowRef<BitratePoint[]>;
  screen: ShallowRef<ScreenLimits | null>;
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

export function useLinkStats(link: StatsSource, intervalMs = 1_000): LinkStats {
  const figures = shallowRef<LinkFigures | null>(null);
  const history = shallowRef<BitratePoint[]>([]);
  const screen = shallowRef<ScreenLimits | null>(null);
  let previous: Map<string, StatsEntry> | null = null;
  let busy = false;

  async function poll(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const report = toReport(await link.pc.getStats());
      const next = reduceStats(previous, report);
      previous = report;
      figures.value = next;
      screen.value = limitsOf(link.screenVideoSender());
      if (next.kbpsIn !== null && next.kbpsOut !== null) {
        history.value = [...history.value, { kbpsIn: next.kbpsIn, kbpsOut: next.kbpsOut }].slice(
          -HISTORY_LENGTH,
        );
      }
    } catch (error) {
      log.warn('getStats failed', error);
    } finally {
      busy = false;
    }
  }

  void poll();
  const timer = setInterval(() => void poll(), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return { figures, history, screen };
}
