import { createSHA256 } from 'hash-wasm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHasher } from '../../renderer/src/rtc/transfers/hasher';
import {
  IncomingFile,
  PROGRESS_STEP_BYTES,
  WRITE_BATCH_BYTES,
  type IncomingOutcome,
} from '../../renderer/src/rtc/transfers/incoming';
import { HIGH_WATER_BYTES, pumpFile, READ_BLOCK_BYTES } from '../../renderer/src/rtc/transfers/outgoing';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';

const KiB = 1024;

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function pattern(size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(size).map((_, i) => (i * 7 + (i >> 12)) % 253);
}

/** Byte-for-byte equality (toEqual walks megabytes element by element, slowly). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Cuts `data` into fresh buffers of `size` bytes, as a data channel delivers them. */
function messages(data: Uint8Array, size: number): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.slice(at, at + size).buffer);
  return out;
}

describe('IncomingFile batching', () => {
  it('hashes and writes per batch, not per message, and still verifies the exact bytes', async () => {
    const data = pattern(WRITE_BATCH_BYTES + 100 * KiB + 3);
    const sink = new MemorySink('');
    const write = vi.spyOn(sink, 'write');
    const hasher = await createHasher();
    const take = vi.spyOn(hasher, 'take');
    const outcomes: IncomingOutcome[] = [];
    const file = new IncomingFile(
      data.length,
      sink,
      hasher,
      () => {},
      (o) => outcomes.push(o),
    );
    const chunks = messages(data, 64 * KiB);
    file.end(data.length, await sha256(data));
    for (const chunk of chunks) {
      file.push(chunk);
      // Each message is its own task in a browser: queued work runs between them.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await file.settled();

    expect(chunks.length).toBeGreaterThan(60);
    expect(write.mock.calls.map(([buffer]) => buffer.byteLength)).toEqual([WRITE_BATCH_BYTES, 100 * KiB + 3]);
    expect(take).toHaveBeenCalledTimes(2);
    expect(outcomes.map((o) => o.kind)).toEqual(['verified']);
    const outcome = outcomes[0]!;
    if (outcome.kind === 'verified') {
      expect(sameBytes(new Uint8Array(await outcome.saved.blob!.arrayBuffer()), data)).toBe(true);
    }
  });

  it('reports progress every PROGRESS_STEP_BYTES and at the end, not per message', async () => {
    const size = 3 * PROGRESS_STEP_BYTES + 10;
    const progress: number[] = [];
    const file = new IncomingFile(
      size,
      new MemorySink(''),
      await createHasher(),
      (b) => progress.push(b),
      () => {},
    );
    for (const chunk of messages(pattern(size), 16 * KiB)) file.push(chunk);
    await file.settled();
    expect(progress).toEqual([PROGRESS_STEP_BYTES, 2 * PROGRESS_STEP_BYTES, 3 * PROGRESS_STEP_BYTES, size]);
  });

  it('ignores what arrives after refusing an overflow', async () => {
    const outcomes: IncomingOutcome[] = [];
    const file = new IncomingFile(
      4,
      new MemorySink(''),
      await createHasher(),
      () => {},
      (o) => outcomes.push(o),
    );
    file.push(new Uint8Array([1, 2, 3]).buffer);
    file.push(new Uint8Array([4, 5]).buffer);
    file.push(new Uint8Array([6]).buffer);
    await file.settled();
    expect(outcomes).toEqual([{ kind: 'overflow' }]);
    expect(file.received).toBe(3);
  });
});

/** Just enough of a data channel: open, buffering what is sent, draining it on demand. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  readonly sent: Uint8Array[] = [];
  send(data: Uint8Array): void {
    this.sent.push(data.slice());
    this.bufferedAmount += data.byteLength;
    if (this.bufferedAmount > HIGH_WATER_BYTES) queueMicrotask(() => this.drain());
  }
  drain(): void {
    this.bufferedAmount = 0;
    this.dispatchEvent(new Event('bufferedamountlow'));
  }
}

describe('pumpFile', () => {
  it('sends every byte in order in chunks of the given size and gives the whole file’s SHA-256', async () => {
    const data = pattern(2 * READ_BLOCK_BYTES + 5000);
    const channel = new FakeChannel();
    const progress: number[] = [];
    const outcome = await pumpFile({
      file: new Blob([data]),
      channel: channel as unknown as RTCDataChannel,
      offset: 0,
      chunkSize: 16 * KiB,
      onProgress: (bytes) => progress.push(bytes),
      stopped: () => false,
    });
    expect(outcome).toEqual({ kind: 'sent', sha256: await sha256(data) });
    expect(channel.sent.every((c) => c.byteLength <= 16 * KiB)).toBe(true);
    const joined = new Uint8Array(channel.sent.reduce((n, c) => n + c.byteLength, 0));
    channel.sent.reduce((at, c) => (joined.set(c, at), at + c.byteLength), 0);
    expect(sameBytes(joined, data)).toBe(true);
    // Reported as the send window drains, not only per block read, and never backwards.
    expect(progress.length).toBeGreaterThan(data.length / READ_BLOCK_BYTES + 1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('after a resume sends only the rest, and still digests the whole file', async () => {
    const data = pattern(READ_BLOCK_BYTES + 70_000);
    const offset = READ_BLOCK_BYTES + 1234;
    const channel = new FakeChannel();
    const outcome = await pumpFile({
      file: new Blob([data]),
      channel: channel as unknown as RTCDataChannel,
      offset,
      chunkSize: 64 * KiB,
      onProgress: () => {},
      stopped: () => false,
    });
    expect(outcome).toEqual({ kind: 'sent', sha256: await sha256(data) });
    expect(channel.sent.reduce((n, c) => n + c.byteLength, 0)).toBe(data.length - offset);
  });
});

/**
 * A stand-in for the hashing worker with its message protocol, that really transfers what is posted
 * with a transfer list (the sender's buffer is detached afterwards, as in a browser).
 */
class TransferringWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  private readonly sha = createSHA256().then((sha) => (sha.init(), sha));
  private hashed = 0;
  private chain: Promise<void> = Promise.resolve();
  postMessage(message: { t: string; buf?: ArrayBuffer }, transfer: ArrayBuffer[] = []): void {
    const moved = structuredClone(message, { transfer });
    this.chain = this.chain.then(async () => {
      const sha = await this.sha;
      if (moved.buf) {
        sha.update(new Uint8Array(moved.buf));
        this.hashed += moved.buf.byteLength;
        this.onmessage?.({ data: { t: 'hashed', bytes: this.hashed } });
      } else {
        this.onmessage?.({ data: { t: 'digest', hex: sha.digest('hex') } });
      }
    });
  }
  terminate(): void {}
}

describe('pumpFile with the hashing worker', () => {
  afterEach(() => void vi.unstubAllGlobals());

  it('hands each block to the worker only once its chunks are sent', async () => {
    vi.stubGlobal('Worker', TransferringWorker);
    const data = pattern(3 * READ_BLOCK_BYTES + 777);
    const channel = new FakeChannel();
    const outcome = await pumpFile({
      file: new Blob([data]),
      channel: channel as unknown as RTCDataChannel,
      offset: 0,
      chunkSize: 64 * KiB,
      onProgress: () => {},
      stopped: () => false,
    });
    expect(outcome).toEqual({ kind: 'sent', sha256: await sha256(data) });
    const joined = new Uint8Array(data.length);
    expect(channel.sent.reduce((at, c) => (joined.set(c, at), at + c.byteLength), 0)).toBe(data.length);
    expect(sameBytes(joined, data)).toBe(true);
  });
});

describe('IncomingFile with the hashing worker', () => {
  afterEach(() => void vi.unstubAllGlobals());

  it('moves each written batch to the worker without a copy, and the saved file stays whole', async () => {
    vi.stubGlobal('Worker', TransferringWorker);
    const data = pattern(2 * WRITE_BATCH_BYTES + 5 * KiB);
    const hasher = await createHasher();
    const take = vi.spyOn(hasher, 'take');
    const outcomes: IncomingOutcome[] = [];
    const file = new IncomingFile(
      data.length,
      new MemorySink('application/octet-stream'),
      hasher,
      () => {},
      (o) => outcomes.push(o),
    );
    file.end(data.length, await sha256(data));
    for (const chunk of messages(data, 64 * KiB)) {
      file.push(chunk);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await file.settled();

    const moved = take.mock.calls.map(([buffer]) => buffer);
    expect(moved).toHaveLength(3);
    // Transferred, not copied: each batch buffer is detached on this side.
    expect(moved.every((buffer) => buffer.byteLength === 0)).toBe(true);
    expect(outcomes.map((o) => o.kind)).toEqual(['verified']);
    const outcome = outcomes[0]!;
    if (outcome.kind === 'verified') {
      expect(sameBytes(new Uint8Array(await outcome.saved.blob!.arrayBuffer()), data)).toBe(true);
    }
  });
});
