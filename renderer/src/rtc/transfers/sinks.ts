/**
 * Where received bytes go. Streaming to a file on disk where the browser offers it (File System
 * Access), otherwise parts in memory joined into a Blob at the end. Aborting leaves nothing behind:
 * a File System Access writable discards everything written when aborted.
 */
import type { NearcastBridge } from '../../../../electron/preload/bridge';

/** Where a committed file ended up. */
export interface SinkResult {
  /** The memory sink's file, to offer for saving. */
  blob: Blob | null;
  /** Path shown to the user (desktop app). */
  savedTo: string | null;
  /** Id the desktop bridge can show in its folder. */
  downloadId: string | null;
}

export interface FileSink {
  /**
   * Stores `chunk`. Once the promise resolves the sink holds no reference to it: the caller may hand the
   * buffer on (the receiver transfers it to the hashing worker) instead of copying it.
   */
  write(chunk: ArrayBuffer): Promise<void>;
  /** Commits the file. */
  close(): Promise<SinkResult>;
  /** Discards everything written so far. */
  abort(): Promise<void>;
  readonly kind: 'disk' | 'memory';
}

/**
 * Keeps each written batch as a Blob: the Blob constructor copies the bytes (the copy the final Blob
 * would make anyway), so the caller's buffer is free, and the browser may move large blob data out of
 * the page's memory while the transfer runs.
 */
export class MemorySink implements FileSink {
  readonly kind = 'memory' as const;
  private parts: Blob[] = [];
  constructor(private readonly type: string) {}
  async write(chunk: ArrayBuffer): Promise<void> {
    this.parts.push(new Blob([chunk]));
  }
  async close(): Promise<SinkResult> {
    const blob = new Blob(this.parts, { type: this.type || 'application/octet-stream' });
    this.parts = [];
    return { blob, savedTo: null, downloadId: null };
  }
  async abort(): Promise<void> {
    this.parts = [];
  }
}

/** The part of FileSystemWritableFileStream used here (typed locally: not in every DOM lib). */
export interface WritableFileLike {
  write(data: ArrayBuffer): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

export class WritableSink implements FileSink {
  readonly kind = 'disk' as const;
  constructor(
    private readonly writable: WritableFileLike,
    /** Removes the (empty) file the save dialog created, so an aborted transfer leaves nothing. */
    private readonly remove: () => Promise<void> = async () => undefined,
  ) {}
  write(chunk: ArrayBuffer): Promise<void> {
    return this.writable.write(chunk);
  }
  async close(): Promise<SinkResult> {
    await this.writable.close();
    return { blob: null, savedTo: null, downloadId: null };
  }
  async abort(): Promise<void> {
    await this.writable.abort().catch(() => undefined);
    await this.remove().catch(() => undefined);
  }
}

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{
    createWritable(): Promise<WritableFileLike>;
    remove?: () => Promise<void>;
  }>;
}

/**
 * Asks where to save (must run inside the user's Accept click). Null when the browser has no File
 * System Access: the caller falls back to memory. Throws AbortError when the user cancels the dialog.
 */
export async function openDiskSink(win: Window, suggestedName: string): Promise<FileSink | null> {
  const picker = (win as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (!picker) return null;
  const handle = await picker.call(win, { suggestedName });
  return new WritableSink(await handle.createWritable(), async () => handle.remove?.());
}

export type DownloadBridge = Pick<
  NearcastBridge,
  'openDownload' | 'writeDownload' | 'finishDownload' | 'abortDownload'
>;

/**
 * The desktop app streams received files into the Downloads folder through main, which picks a
 * collision-free name and removes the partial file on abort.
 */
export class BridgeSink implements FileSink {
  readonly kind = 'disk' as const;
  constructor(
    private readonly bridge: DownloadBridge,
    private readonly id: string,
  ) {}

  static async open(bridge: DownloadBridge, name: string, size: number): Promise<BridgeSink> {
    const opened = await bridge.openDownload({ name, size });
    if (!opened.ok) throw new Error(opened.error.message);
    return new BridgeSink(bridge, opened.data.id);
  }

  async write(chunk: ArrayBuffer): Promise<void> {
    const written = await this.bridge.writeDownload(this.id, new Uint8Array(chunk));
    if (!written.ok) throw new Error(written.error.message);
  }

  async close(): Promise<SinkResult> {
    const finished = await this.bridge.finishDownload(this.id);
    if (!finished.ok) throw new Error(finished.error.message);
    return { blob: null, savedTo: finished.data.path, downloadId: this.id };
  }

  async abort(): Promise<void> {
    await this.bridge.abortDownload(this.id);
  }
}
