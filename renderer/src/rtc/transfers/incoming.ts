/**
 * Receiving one file: bytes from the transfer's channel are hashed and written in arrival order; the
 * file is committed only when every announced byte is in and the digest matches the sender's.
 * Anything else (too many bytes, a wrong digest, a cancel) discards what was written.
 */
import type { Hasher } from './hasher';
import type { FileSink, SinkResult } from './sinks';

/**
 * Chunks are gathered up to this size before each write: a disk write is a round trip to the browser
 * process, and one per 64 KiB message costs measurable throughput (npm run bench:transfer).
 */
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

export type IncomingOutcome =
  | { kind: 'verified'; saved: SinkResult }
  | { kind: 'corrupt' }
  | { kind: 'overflow' }
  /** The file could not be written (disk full, folder gone): `message` says so. */
  | { kind: 'write-failed'; message: string };

export class IncomingFile {
  /** Bytes handed to the sink: once `settled()`, exactly the offset to resume from. */
  bytes = 0;
  /** Bytes received, written or still batched; what progress shows. */
  received = 0;
  private pending: Uint8Array[] = [];
  private expected: { size: number; sha256: string } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private finished = false;

  constructor(
    readonly size: number,
    private readonly sink: FileSink,
    private readonly hasher: Hasher,
    private readonly onProgress: (bytes: number) => void,
    private readonly onFinish: (outcome: IncomingOutcome) => void,
  ) {}

  /** Queues one chunk; chunks are applied strictly in order. */
  push(chunk: ArrayBuffer): void {
    this.queue = this.queue.then(async () => {
      if (this.finished) return;
      if (this.received + chunk.byteLength > this.size) {
        await this.finish({ kind: 'overflow' });
        return;
      }
      const data = new Uint8Array(chunk);
      this.hasher.update(data);
      this.pending.push(data);
      this.received += data.byteLength;
      if (this.received - this.bytes >= WRITE_BATCH_BYTES && !(await this.tryFlush())) return;
      this.onProgress(this.received);
      await this.maybeComplete();
    });
  }

  /** The sender's `file-end`: it may arrive before the last chunks (another SCTP stream). */
  end(size: number, sha256: string): void {
    this.queue = this.queue.then(async () => {
      this.expected = { size, sha256 };
      await this.maybeComplete();
    });
  }

  /** Resolves once every chunk received so far is written: then `bytes` is safe to resume from. */
  settled(): Promise<void> {
    this.queue = this.queue.then(async () => void (await this.tryFlush()));
    return this.queue;
  }

  async discard(): Promise<void> {
    this.finished = true;
    await this.queue.catch(() => undefined);
    this.hasher.dispose();
    this.pending = [];
    await this.sink.abort();
  }

  private async flush(): Promise<void> {
    if (this.finished || this.pending.length === 0) return;
    const parts = this.pending;
    this.pending = [];
    const length = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const batch = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      batch.set(part, at);
      at += part.byteLength;
    }
    await this.sink.write(batch.buffer);
    this.bytes += length;
  }

  /** Writes what is batched; on failure ends the transfer with the reason and returns false. */
  private async tryFlush(): Promise<boolean> {
    try {
      await this.flush();
      return true;
    } catch (error) {
      await this.finish({
        kind: 'write-failed',
        message: error instanceof Error ? error.message : 'The file could not be written.',
      });
      return false;
    }
  }

  private async maybeComplete(): Promise<void> {
    if (this.finished || !this.expected || this.received < this.size) return;
    if (!(await this.tryFlush())) return;
    let digest: string;
    try {
      digest = await this.hasher.digest();
    } catch (error) {
      await this.finish({
        kind: 'write-failed',
        message: error instanceof Error ? error.message : 'Hashing failed.',
      });
      return;
    }
    if (this.expected.size !== this.size || digest !== this.expected.sha256) {
      await this.finish({ kind: 'corrupt' });
      return;
    }
    this.finished = true;
    let saved: SinkResult;
    try {
      saved = await this.sink.close();
    } catch (error) {
      await this.sink.abort().catch(() => undefined);
      this.onFinish({
        kind: 'write-failed',
        message: error instanceof Error ? error.message : 'The file could not be saved.',
      });
      return;
    }
    this.onFinish({ kind: 'verified', saved });
  }

  private async finish(outcome: IncomingOutcome): Promise<void> {
    this.finished = true;
    this.hasher.dispose();
    this.pending = [];
    await this.sink.abort().catch(() => undefined);
    this.onFinish(outcome);
  }
}
