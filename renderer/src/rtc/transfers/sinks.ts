/**
 * Where received bytes go. Streaming to a file on disk where the browser offers it (File System
 * Access), otherwise parts in memory joined into a Blob at the end. Aborting leaves nothing behind:
 * a File System Access writable discards everything written when aborted.
 */
export interface FileSink {
  write(chunk: ArrayBuffer): Promise<void>;
  /** Commits the file; the memory sink returns the Blob to offer for saving. */
  close(): Promise<Blob | null>;
  /** Discards everything written so far. */
  abort(): Promise<void>;
  readonly kind: 'disk' | 'memory';
}

export class MemorySink implements FileSink {
  readonly kind = 'memory' as const;
  private parts: ArrayBuffer[] = [];
  constructor(private readonly type: string) {}
  async write(chunk: ArrayBuffer): Promise<void> {
    this.parts.push(chunk);
  }
  async close(): Promise<Blob> {
    const blob = new Blob(this.parts, { type: this.type || 'application/octet-stream' });
    this.parts = [];
    return blob;
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
  async close(): Promise<null> {
    await this.writable.close();
    return null;
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
