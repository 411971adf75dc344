/**
 * Going from Home into a room, or back, removes the control that had the focus (Join now, Accept,
 * Leave) and the browser drops the focus to the top of the page: someone on the keyboard would start
 * again from the first link. When that happens the focus lands on the new view's main controls
 * instead: the element marked `data-focus-landing` (the call's controls, the room form), on its first
 * control that takes the focus.
 */
import { nextTick, watch } from 'vue';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), a[href]';

/** Whether the focus is on nothing in particular (the control that had it is gone). */
export function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/** Watches `view` (which view shows) and lands the focus when a change of view lost it. */
export function useLandingFocus(view: () => unknown): void {
  watch(view, async () => {
    await nextTick();
    // A page opened by a join link that nobody has touched had no focus to lose: nothing to give back.
    if (!focusLost() || !navigator.userActivation?.hasBeenActive) return;
    document.querySelector('[data-focus-landing]')?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  });
}
