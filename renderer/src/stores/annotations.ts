/**
 * Pointing and drawing on shared screens, as the tiles see it: each share's pointers and strokes from
 * the annotation engine (rtc/annotations.ts), which tool this person holds, and the actions that draw,
 * undo, clear and switch annotations on or off. Attached to the room session's engine while in a room.
 */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { StrokeTool } from '../../../common/peer-protocol';
import type { OverlayState } from '../../../common/ipc';
import type { AnnotationEngine, ShareAnnotations } from '../rtc/annotations';
import { injectServices } from '../services';
import { useMediaStore } from './media';

/** What the mouse does over a shared screen: nothing, point, or draw with one of the tools. */
export type AnnotationTool = 'none' | 'pointer' | StrokeTool;

/** How often faded strokes and idle pointers are swept away. */
const SWEEP_MS = 250;
const NOTHING: ShareAnnotations = { pointers: [], strokes: [], allowed: true };

export const useAnnotationsStore = defineStore('annotations', () => {
  /** Bumped on every change of the engine: views read it, so they recompute. */
  const version = ref(0);
  const tool = ref<AnnotationTool>('none');
  /** Strokes drawn from now on stay until undone or cleared, instead of fading. */
  const keep = ref(false);
  let engine: AnnotationEngine | null = null;
  let stop: (() => void)[] = [];
  const { platform } = injectServices();
  const media = useMediaStore();

  /**
   * In the desktop app, what is drawn on our own share goes to the overlay over the shared display
   * (electron/main/annotations/), at most once per task; null closes it when the share ends. A
   * refusal (a shared window, or Linux, where the overlay would show in the capture) stops the
   * sending for that share.
   */
  let overlayShare: string | null = null;
  let overlayQueued = false;
  function overlayState(share: string): OverlayState {
    const { pointers, strokes } = view(share);
    return {
      pointers: pointers.map(({ name, colour, x, y }) => ({ name, colour, x, y })),
      strokes: strokes.map(({ id, colour, tool, points, keep }) => ({
        id,
        colour,
        tool,
        points: points.map(([x, y]) => [x, y] as [number, number]),
        keep,
      })),
    };
  }
  function updateOverlay(): void {
    if (!platform.desktop || overlayQueued || overlayShare === null) return;
    overlayQueued = true;
    queueMicrotask(() => {
      overlayQueued = false;
      const share = overlayShare;
      if (share === null) return;
      void platform.overlay.show(overlayState(share)).then((shown) => {
        if (!shown.ok && overlayShare === share) overlayShare = null;
      });
    });
  }
  watch(
    () => media.screenStream?.id ?? null,
    (share, previous) => {
      if (!platform.desktop) return;
      if (previous) void platform.overlay.show(null);
      overlayShare = share;
      if (share) updateOverlay();
    },
  );

  function attach(next: AnnotationEngine): void {
    detach();
    engine = next;
    const timer = setInterval(() => next.sweep(), SWEEP_MS);
    stop = [
      next.on('changed', ({ share }) => {
        version.value += 1;
        if (share === overlayShare) updateOverlay();
      }),
      () => clearInterval(timer),
    ];
    version.value += 1;
  }

  function detach(): void {
    stop.forEach((off) => off());
    stop = [];
    engine = null;
    tool.value = 'none';
    version.value += 1;
  }

  function view(share: string): ShareAnnotations {
    void version.value;
    return engine?.view(share) ?? NOTHING;
  }

  return {
    version,
    tool,
    keep,
    attach,
    detach,
    view,
    movePointer: (share: string, x: number, y: number) => engine?.movePointer(share, x, y),
    hidePointer: (share: string) => engine?.hidePointer(share),
    draw: (share: string, stroke: StrokeTool, points: [number, number][]) =>
      engine?.draw(share, stroke, points, keep.value) ?? null,
    undo: (share: string) => engine?.undo(share) ?? false,
    clear: (share: string) => engine?.clear(share),
    setAllowed: (share: string, allowed: boolean) => engine?.setAllowed(share, allowed),
  };
});
