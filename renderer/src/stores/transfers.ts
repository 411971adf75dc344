/** File transfers of the current room; the limit on what the user accepts is a setting. */
import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import type { ResultError } from '../../../common/result';
import type { SendableFile, TransferEngine } from '../rtc/transfers/engine';
import { useChatStore } from './chat';
import type { TransferView } from '../rtc/transfers/model';
import { MemorySink, openDiskSink, WriterSink, type FileSink } from '../rtc/transfers/sinks';
import { injectServices } from '../services';
import { useSettingsStore } from './settings';

export const useTransfersStore = defineStore('transfers', () => {
  const { platform } = injectServices();
  const settings = useSettingsStore();
  const transfers = shallowRef<TransferView[]>([]);
  const chat = useChatStore();
  /** Offers that arrived while the chat and files panel was closed, until it opens. */
  const unseen = shallowRef<ReadonlySet<string>>(new Set());
  /**
   * How many of those still wait for an answer: the panel's toggle counts them, as it counts unread
   * messages, rather than the panel opening over the call by itself (on a phone it would cover it).
   */
  const newFiles = computed(
    () =>
      transfers.value.filter((t) => t.direction === 'in' && t.state === 'offered' && unseen.value.has(t.id))
        .length,
  );
  watch(
    () => chat.open,
    (open) => {
      if (open) unseen.value = new Set();
    },
    { flush: 'sync' },
  );
  let engine: TransferEngine | null = null;
  let off: (() => void) | null = null;

  function maxReceiveBytes(): number {
    return Math.floor(settings.maxReceiveMB * 1_000_000);
  }

  /**
   * The desktop app streams into the Downloads folder (a writer from the platform); a browser streams
   * to a file the user picks where it allows that (File System Access), else keeps the parts in memory.
   */
  async function openSink(name: string, type: string, size: number): Promise<FileSink> {
    if (platform.desktop) {
      const opened = await platform.downloads.open({ name, size });
      if (!opened.ok) throw new Error(opened.error.message);
      return new WriterSink(opened.data);
    }
    return (await openDiskSink(window, name)) ?? new MemorySink(type);
  }

  /** Desktop app: reveals a received file in the system file manager. */
  async function showInFolder(downloadId: string): Promise<ResultError | null> {
    const shown = await platform.downloads.show(downloadId);
    return shown.ok ? null : shown.error;
  }

  function attach(next: TransferEngine): void {
    detach();
    engine = next;
    transfers.value = next.views();
    const offs = [
      next.on('changed', (views) => (transfers.value = views)),
      next.on('offered', ({ id }) => {
        if (!chat.open) unseen.value = new Set([...unseen.value, id]);
      }),
    ];
    off = () => offs.forEach((unsubscribe) => unsubscribe());
  }

  function detach(): void {
    off?.();
    off = null;
    engine = null;
    transfers.value = [];
    unseen.value = new Set();
  }

  function offer(files: SendableFile[], peerIds: string[]): void {
    engine?.offer(files, peerIds);
  }

  return {
    transfers,
    newFiles,
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
