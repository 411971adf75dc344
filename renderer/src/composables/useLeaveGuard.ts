/**
 * Leaving a room stops every file transfer in it: the Leave button asks first while files are on their
 * way (sent, received, queued, waiting for an answer or for the other side to come back), and a browser
 * tab asks before it closes. The desktop app never blocks its window's unload (Electron would close
 * nothing and show nothing); it asks before quitting from the main process instead.
 */
import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import type { TransferView } from '../rtc/transfers/model';
import { injectServices } from '../services';
import { useRoomStore } from '../stores/room';
import { useTransfersStore } from '../stores/transfers';

/** Whether leaving now would stop this transfer. An offer made to us is not ours to lose. */
export function stopsOnLeave(transfer: TransferView): boolean {
  if (transfer.state === 'offered') return transfer.direction === 'out';
  return ['queued', 'transferring', 'verifying', 'interrupted'].includes(transfer.state);
}

export function useLeaveGuard() {
  const { platform } = injectServices();
  const room = useRoomStore();
  const transfers = useTransfersStore();
  /** How many transfers leaving would stop. */
  const pending = computed(() => transfers.transfers.filter(stopsOnLeave).length);
  /** The "Leave the room?" question is open. */
  const confirming = ref(false);

  function ask(): void {
    if (pending.value > 0) confirming.value = true;
    else void room.leave();
  }

  function confirm(): void {
    confirming.value = false;
    void room.leave();
  }

  function stay(): void {
    confirming.value = false;
  }

  function beforeUnload(event: BeforeUnloadEvent): void {
    if (pending.value > 0) event.preventDefault();
  }
  onMounted(() => {
    if (!platform.desktop) window.addEventListener('beforeunload', beforeUnload);
  });
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload));

  return { pending, confirming, ask, confirm, stay };
}
