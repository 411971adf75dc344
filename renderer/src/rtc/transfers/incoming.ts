/**
 * Receiving one file: bytes from the transfer's channel are hashed and written in arrival order; the
 * file is committed only when every announced byte is in and the digest matches the sender's.
 * Anything else (too many bytes, a wrong digest, a cancel) discards what was written.
 */
import type { Hasher } from './hasher';
import type { FileSink } from './sinks';

export type IncomingOutcome =
  { kind: 'verified'; blob: Blob | null } | { kind: 'corrupt' } | { kind: 'overflow' };

/**
 * Bookkeeping for one incoming file. `bytes` only counts what the sink has accepted, so after an
 * interruption it is exactly the offset to resume from.
 */
export class IncomingFile {
  bytes = 0;
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

  get sinkKind(): FileSink['kind'] {
    return this.sink.kind;
  }

  /** Queues one chunk; chunks are applied strictly in order. */
  push(chunk: ArrayBuffer): void {
    this.queue = this.queue.then(async () => {
      if (this.finished) return;
      if (this.bytes + chunk.byteLength > this.size) {
        await this.finish({ kind: 'overflow' });
        return;
      }
      this.hasher.update(new Uint8Array(chunk));
      await this.sink.write(chunk);
      this.bytes += chunk.byteLength;
      this.onProgress(this.bytes);
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
    return this.queue;
  }

  async discard(): Promise<void> {
    this.finished = true;
    await this.queue.catch(() => undefined);
    await this.sink.abort();
  }

  private async maybeComplete(): Promise<void> {
    if (this.finished || !this.expected || this.bytes < this.size) return;
    const digest = this.hasher.digest();
    if (this.expected.size !== this.size || digest !== this.expected.sha256) {
      await this.finish({ kind: 'corrupt' });
      return;
    }
    this.finished = true;
    this.onFinish({ kind: 'verified', blob: await this.sink.close() });
  }

  private async finish(outcome: IncomingOutcome): Promise<void> {
    this.finished = true;
    await this.sink.abort();
    this.onFinish(outcome);
  }
}
