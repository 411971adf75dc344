/**
 * Pointing and drawing on shared screens, as the tiles see it: each share's pointers and strokes from
 * the annotation engine (rtc/annotations.ts), which tool this person holds, and the actions that draw,
 * undo, clear and switch annotations on or off. Attached to the room session's engine while in a room.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { StrokeTool } from '../../../common/peer-protocol';
import type { AnnotationEngine, ShareAnnotations } from '../rtc/annotations';

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

  function attach(next: AnnotationEngine): void {
    detach();
    engine = next;
    const timer = setInterval(() => next.sweep(), SWEEP_MS);
    stop = [next.on('changed', () => (version.value += 1)), () => clearInterval(timer)];
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
