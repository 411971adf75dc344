/**
 * A person's connection in one word for the People panel: the round trip and the worst packet loss
 * of the link's video, both ways, against thresholds a call notices (lip sync and frozen frames past
 * them). Pure, so it is tested on figures; useLinkStats feeds it a sample a second.
 */
import type { LinkState } from './peer-link';
import type { LinkFigures } from './stats';

export type LinkQuality = 'good' | 'fair' | 'poor' | 'connecting' | 'lost' | 'unknown';

/** Round trip (ms) and loss (%) up to which a link is good, then fair; beyond, poor. */
const GOOD = { rttMs: 150, lossPercent: 2 };
const FAIR = { rttMs: 400, lossPercent: 8 };

export function linkQuality(state: LinkState, figures: LinkFigures | null): LinkQuality {
  if (state === 'connecting') return 'connecting';
  if (state !== 'connected') return 'lost';
  if (!figures) return 'unknown';
  const losses = figures.video.map((video) => video.lossPercent).filter((loss) => loss !== null);
  const loss = losses.length > 0 ? Math.max(...losses) : null;
  if (figures.rttMs === null && loss === null) return 'unknown';
  const rtt = figures.rttMs ?? 0;
  const lost = loss ?? 0;
  if (rtt <= GOOD.rttMs && lost <= GOOD.lossPercent) return 'good';
  if (rtt <= FAIR.rttMs && lost <= FAIR.lossPercent) return 'fair';
  return 'poor';
}
