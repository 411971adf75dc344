/**
 * Receiving one file: bytes from the transfer's channel are hashed and written in arrival order; the
 * file is committed only when every announced byte is in and the digest matches the sender's.
 * Anything else (too many bytes, a wrong digest, a cancel) discards what was written.
 */
import type { Hasher } from './hasher';
import type { FileSink, SinkResult } from './sinks';

/**
 * Chunks are gathered up to this size before each write and each hand-over to the hashing worker: a
 * disk write is a round trip to the browser process and a worker message wakes another thread, and
 * one of each per 64 KiB message cost measurable throughput (npm run bench:transfer).
 */
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

export type IncomingOutcome =
  | { kind: 'verified'; saved: SinkResult }
  | { kind: 'corrupt' }
  | { kind: 'overflow' }
  /** The file could not be written (disk full, folder gone): `message` says so. */
  | { kind: 'write-failed'; message: string };

/**
 * Progress is reported each time this many more bytes are in (and when the file is complete), not per
 * message: at LAN speeds a report per 64 KiB message is hundreds a second, for a UI that redraws ten.
 */
export const PROGRESS_STEP_BYTES = 256 * 1024;

export class IncomingFile {
  /** Bytes handed to the sink: once `settled()`, exactly the offset to resume from. */
  bytes = 0;
  /** Bytes received, written or still batched; what progress shows. */
  received = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private reported = 0;
  private flushQueued = false;
  private expected: { size: number; sha256: string } | null = null;
  /** Writes, the digest check and the outcome, strictly one after another. */
  private queue: Promise<void> = Promise.resolve();
  /** No more bytes are taken: the file is complete, refused, failed or discarded. */
  private finished = false;
  private refused = false;

  constructor(
    readonly size: number,
    private readonly sink: FileSink,
    private readonly hasher: Hasher,
    private readonly onProgress: (bytes: number) => void,
    private readonly onFinish: (outcome: IncomingOutcome) => void,
  ) {}

  /**
   * Takes one chunk, in arrival order. Synchronous on purpose: a message costs one array push and
   * a few additions; hashing and writing happen per batch, on the queue, while messages keep coming.
   */
  push(chunk: ArrayBuffer): void {
    if (this.finished || this.refused) return;
    if (this.received + chunk.byteLength > this.size) {
      this.refused = true;
      this.enqueue(() => this.finish({ kind: 'overflow' }));
      return;
    }
    this.pending.push(new Uint8Array(chunk));
    this.pendingBytes += chunk.byteLength;
    this.received += chunk.byteLength;
    if (this.pendingBytes >= WRITE_BATCH_BYTES && !this.flushQueued) {
      // One flush waits on the queue at a time; it takes everything batched by the time it runs.
      this.flushQueued = true;
      this.enqueue(async () => {
        this.flushQueued = false;
        await this.tryFlush();
      });
    }
    if (this.received - this.reported >= PROGRESS_STEP_BYTES || this.received === this.size) {
      this.reported = this.received;
      this.onProgress(this.received);
    }
    if (this.received === this.size) this.enqueue(() => this.maybeComplete());
  }

  /** The sender's `file-end`: it may arrive before the last chunks (another SCTP stream). */
  end(size: number, sha256: string): void {
    this.enqueue(async () => {
      this.expected = { size, sha256 };
      await this.maybeComplete();
    });
  }

  /** Resolves once every chunk received so far is written: then `bytes` is safe to resume from. */
  settled(): Promise<void> {
    this.enqueue(async () => void (await this.tryFlush()));
    return this.queue;
  }

  async discard(): Promise<void> {
    this.finished = true;
    await this.queue.catch(() => undefined);
    this.hasher.dispose();
    this.pending = [];
    this.pendingBytes = 0;
    await this.sink.abort();
  }

  /**
   * Writes, then hashes, everything batched as one buffer (one write per batch, not per message). The
   * sink is done with the buffer once its write resolves, so the buffer moves to the hashing worker
   * instead of being copied: one copy per byte received (the join) rather than two.
   */
  private async flush(): Promise<void> {
    if (this.finished || this.pending.length === 0) return;
    const parts = this.pending;
    const length = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    let batch = parts[0]!;
    if (parts.length > 1) {
      batch = new Uint8Array(length);
      let at = 0;
      for (const part of parts) {
        batch.set(part, at);
        at += part.byteLength;
      }
    }
    await this.sink.write(batch.buffer as ArrayBuffer);
    this.hasher.take(batch.buffer as ArrayBuffer);
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
        message: error instanceof Error ? error.message : '',
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
        message: error instanceof Error ? error.message : '',
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
        message: error instanceof Error ? error.message : '',
      });
      return;
    }
    this.onFinish({ kind: 'verified', saved });
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step);
  }

  private async finish(outcome: IncomingOutcome): Promise<void> {
    this.finished = true;
    this.hasher.dispose();
    this.pending = [];
    this.pendingBytes = 0;
    await this.sink.abort().catch(() => undefined);
    this.onFinish(outcome);
  }
}
