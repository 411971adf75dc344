/**
 * One link's figures for the component that shows them: the engine's LinkStats (rtc/link-stats.ts)
 * samples while the component is mounted and stops with its scope.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { LinkFigures } from '../rtc/stats';
import { LinkStats, type BitratePoint, type ScreenLimits, type StatsSource } from '../rtc/link-stats';

export interface LinkStatsRefs {
  figures: ShallowRef<LinkFigures | null>;
  history: ShallowRef<BitratePoint[]>;
  screen: ShallowRef<ScreenLimits | null>;
}

export function useLinkStats(link: StatsSource): LinkStatsRefs {
  const stats = new LinkStats(link);
  const figures = shallowRef(stats.view.figures);
  const history = shallowRef(stats.view.history);
  const screen = shallowRef(stats.view.screen);
  stats.on('changed', (view) => {
    figures.value = view.figures;
    history.value = view.history;
    screen.value = view.screen;
  });
  stats.start();
  onScopeDispose(() => stats.stop());
  return { figures, history, screen };
}
