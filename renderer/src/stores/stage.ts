/**
 * How the call is laid out, as the person chose it: the grid (everyone the same size) or the speaker
 * view (one person or screen large, the others in a strip), and the corner of the stage where their
 * own small video sits. The control bar switches the view; the stage reads both.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type StageView = 'grid' | 'speaker';

/** The corners the self-view can take, in the order its "move" button visits them (clockwise). */
export const CORNERS = ['bottom-right', 'bottom-left', 'top-left', 'top-right'] as const;
export type Corner = (typeof CORNERS)[number];

export const useStageStore = defineStore('stage', () => {
  const view = ref<StageView>('grid');
  const selfCorner = ref<Corner>('bottom-right');

  function toggleView(): void {
    view.value = view.value === 'grid' ? 'speaker' : 'grid';
  }

  /** Moves the self-view to the next corner, clockwise. */
  function nextCorner(): void {
    selfCorner.value = CORNERS[(CORNERS.indexOf(selfCorner.value) + 1) % CORNERS.length]!;
  }

  return { view, selfCorner, toggleView, nextCorner };
});
