/**
 * How the call is laid out, as the person chose it: the grid (everyone the same size) or the speaker
 * view (one person or screen large, the others in a strip), and the corner of the stage where their
 * own small video sits. The control bar switches the view; the stage reads both. Both are remembered on
 * this device (services/storage.ts), so a reload or the next call looks as the person left it.
 */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { injectServices } from '../services';
import { SELF_VIEW_CORNER, STAGE_VIEW } from '../services/storage';

export type StageView = 'grid' | 'speaker';

/** The corners the self-view can take, in the order its "move" button visits them (clockwise). */
export const CORNERS = ['bottom-right', 'bottom-left', 'top-left', 'top-right'] as const;
export type Corner = (typeof CORNERS)[number];

export const useStageStore = defineStore('stage', () => {
  const storage = injectServices().storage.local;
  const view = ref<StageView>(storage.read(STAGE_VIEW));
  const selfCorner = ref<Corner>(storage.read(SELF_VIEW_CORNER));
  // Watched rather than saved in the actions: dragging the self-view sets the corner directly.
  watch(view, (chosen) => storage.write(STAGE_VIEW, chosen));
  watch(selfCorner, (corner) => storage.write(SELF_VIEW_CORNER, corner));

  function toggleView(): void {
    view.value = view.value === 'grid' ? 'speaker' : 'grid';
  }

  /** Moves the self-view to the next corner, clockwise. */
  function nextCorner(): void {
    selfCorner.value = CORNERS[(CORNERS.indexOf(selfCorner.value) + 1) % CORNERS.length]!;
  }

  return { view, selfCorner, toggleView, nextCorner };
});
