/**
 * Camera and microphone while a call rings, so the person sees themselves before answering, as before
 * joining a room. They open only where nothing holds them yet (not during a call, not over the
 * pre-join screen, which has its own), where the page may capture, and once the page is in view: a
 * ring in a background tab or a hidden window does not turn the camera on. Accepting hands them to the
 * call as they are (the calls store's `answering` says so); declining, a missed ring, or the panel
 * going away gives them back, so no camera light stays on.
 */
import { computed, onScopeDispose, ref, watch } from 'vue';
import { useCallsStore } from '../stores/calls';
import { useMediaStore } from '../stores/media';
import { useRoomStore } from '../stores/room';

export function useAnswerPreview() {
  const calls = useCallsStore();
  const media = useMediaStore();
  const room = useRoomStore();
  /** The devices open now were opened here, for the ring; finishes once they are open. */
  let opened: Promise<unknown> | null = null;
  const visible = ref(document.visibilityState === 'visible');
  const seen = (): void => {
    visible.value = document.visibilityState === 'visible';
  };
  document.addEventListener('visibilitychange', seen);

  /** Whether the ringing call would be answered from here, not from inside a room or call. */
  const beforeCall = computed(() => room.phase === 'idle');
  /** Whether the switches act on devices open for this answer (else they only say how to answer). */
  const live = computed(() => beforeCall.value && media.engine !== null);

  async function release(): Promise<void> {
    const mine = opened;
    if (!mine) return;
    opened = null;
    const handedOver = calls.answering !== null;
    await mine;
    if (!handedOver && room.phase === 'idle') media.stopAll();
  }

  watch(
    [() => calls.ringingNow?.callId ?? null, visible],
    ([callId, inView]) => {
      if (callId === null) void release();
      else if (inView && !opened && beforeCall.value && media.engine === null && media.captureAllowed)
        opened = media.start();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    document.removeEventListener('visibilitychange', seen);
    void release();
  });

  return { beforeCall, live };
}
