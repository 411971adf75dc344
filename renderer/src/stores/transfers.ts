/** File transfers of the current room, and the user's limit on what they accept. */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { ResultError } from '../../../common/result';
import type { SendableFile, TransferEngine } from '../rtc/transfers/engine';
import { useChatStore } from './chat';
import type { TransferView } from '../rtc/transfers/model';
import { BridgeSink, MemorySink, openDiskSink, type FileSink } from '../rtc/transfers/sinks';
import { useServices } from '../services';

const LIMIT_KEY = 'nearcast.maxReceiveMB';
/** Default largest file accepted: 10 GB. */
export const DEFAULT_MAX_RECEIVE_MB = 10_000;

function storedLimit(): number {
  const value = Number(localStorage.getItem(LIMIT_KEY));
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_RECEIVE_MB;
}

export const useTransfersStore = defineStore('transfers', () => {
  const transfers = shallowRef<TransferView[]>([]);
  const maxReceiveMB = ref(storedLimit());
  let engine: TransferEngine | null = null;
  let off: (() => void) | null = null;

  watch(maxReceiveMB, (value) => {
    if (Number.isFinite(value) && value > 0) localStorage.setItem(LIMIT_KEY, String(value));
  });

  function maxReceiveBytes(): number {
    const mb =
      Number.isFinite(maxReceiveMB.value) && maxReceiveMB.value > 0
        ? maxReceiveMB.value
        : DEFAULT_MAX_RECEIVE_MB;
    return Math.floor(mb * 1_000_000);
  }

  /**
   * The desktop app streams into the Downloads folder; a browser streams to a file the user picks
   * where it allows that (File System Access), else keeps the parts in memory.
   */
  async function openSink(name: string, type: string, size: number): Promise<FileSink> {
    const bridge = useServices().platform.bridge;
    if (bridge) return BridgeSink.open(bridge, name, size);
    return (await openDiskSink(window, name)) ?? new MemorySink(type);
  }

  /** Desktop app: reveals a received file in the system file manager. */
  async function showInFolder(downloadId: string): Promise<ResultError | null> {
    const bridge = useServices().platform.bridge;
    if (!bridge) return null;
    const shown = await bridge.showDownload(downloadId);
    return shown.ok ? null : shown.error;
  }

  function attach(next: TransferEngine): void {
    detach();
    engine = next;
    transfers.value = next.views();
    const offs = [
      next.on('changed', (views) => (transfers.value = views)),
      // An offer needs an answer: show the panel it appears in.
      next.on('offered', () => useChatStore().setOpen(true)),
    ];
    off = () => offs.forEach((unsubscribe) => unsubscribe());
  }

  function detach(): void {
    off?.();
    off = null;
    engine = null;
    transfers.value = [];
  }

  function offer(files: SendableFile[], peerIds: string[]): void {
    engine?.offer(files, peerIds);
  }

  return {
    transfers,
    maxReceiveMB,
    maxReceiveBytes,
    openSink,
    showInFolder,
    attach,
    detach,
    offer,
    accept: (id: string) => engine?.accept(id),
    decline: (id: string) => engine?.decline(id),
    cancel: (id: string) => engine?.cancel(id),
  };
});
