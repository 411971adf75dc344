/**
 * The content box of an element, kept current by a ResizeObserver: the stage sizes its tiles from
 * the space it actually has (window size, open chat, wrapped control bar), not from the viewport.
 */
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { StageBox } from './stage-layout';

export function useElementSize(element: Ref<HTMLElement | null>): Ref<StageBox> {
  const size = ref<StageBox>({ width: 0, height: 0 });
  // Where the browser has no ResizeObserver (old engines, test DOMs) the box stays unmeasured and
  // the stage falls back to its CSS sizes.
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(([entry]) => {
          if (!entry) return;
          const { width, height } = entry.contentRect;
          if (width !== size.value.width || height !== size.value.height) size.value = { width, height };
        });
  watch(
    element,
    (next, previous) => {
      if (previous) observer?.unobserve(previous);
      if (next) observer?.observe(next);
    },
    { immediate: true, flush: 'post' },
  );
  onBeforeUnmount(() => observer?.disconnect());
  return size;
}
