/**
 * Where received bytes go. Streaming to a file on disk where the browser offers it (File System
 * Access), otherwise parts in memory joined into a Blob at the end. Aborting leaves nothing behind:
 * a File System Access writable discards everything written when aborted.
 */
import type { Result } from '../../../../common/result';

/** Where a committed file ended up. */
export interface SinkResult {
  /** The memory sink's file, to offer for saving. */
  blob: Blob | null;
  /** Path shown to the user (desktop app). */
  savedTo: string | null;
  /** Id the platform can show in its folder (desktop app). */
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
  // eslint-disable-next-line no-restricted-syntax -- read, then checked on the next line
  const picker = (win as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (!picker) return null;
  const handle = await picker.call(win, { suggestedName });
  return new WritableSink(await handle.createWritable(), async () => handle.remove?.());
}

/**
 * A file written outside the page, in order, then finished or abandoned: the desktop app's Downloads
 * folder, where main picks a collision-free name and removes the partial file on abort. The transfers
 * store opens one through the platform and hands it in, so the engine never sees the desktop bridge.
 */
export interface FileWriter {
  /** Lets the platform show the finished file in its folder. */
  readonly id: string;
  write(chunk: Uint8Array<ArrayBuffer>): Promise<Result<null>>;
  /** Commits the file; answers where it was saved. */
  finish(): Promise<Result<{ path: string }>>;
  abort(): Promise<void>;
}

/** Streams into a FileWriter; its failures surface as Errors, as every sink's do. */
export class WriterSink implements FileSink {
  readonly kind = 'disk' as const;
  constructor(private readonly writer: FileWriter) {}

  async write(chunk: ArrayBuffer): Promise<void> {
    const written = await this.writer.write(new Uint8Array(chunk));
    if (!written.ok) throw new Error(written.error.message);
  }

  async close(): Promise<SinkResult> {
    const finished = await this.writer.finish();
    if (!finished.ok) throw new Error(finished.error.message);
    return { blob: null, savedTo: finished.data.path, downloadId: this.writer.id };
  }

  async abort(): Promise<void> {
    await this.writer.abort();
  }
}
