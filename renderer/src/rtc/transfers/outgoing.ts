/**
 * Sending one file on its own data channel. The file is read in large blocks, hashed as it goes, and
 * cut into chunks sized from the negotiated SCTP maximum; sending pauses whenever the channel's
 * buffer is above a high-water mark and resumes on `bufferedamountlow`, so memory stays bounded and
 * the SCTP send buffer never overflows.
 */
import { createHasher, type Hasher } from './hasher';

/**
 * Sending pauses above this many buffered bytes and resumes below LOW_WATER_BYTES. Measured with
 * `npm run bench:transfer` (docs/PERFORMANCE.md): 64 KiB messages beat larger ones in Chromium's
 * SCTP, and a 512 KiB/128 KiB window beat 1 MiB/256 KiB for a plain sender and for Nearcast alike,
 * most clearly with one browser per namespace and core (why is not measured). Refilling starts with
 * about 1 ms of data still queued at 1 Gbit/s, on top of what SCTP has in flight.
 */
export const HIGH_WATER_BYTES = 512 * 1024;
export const LOW_WATER_BYTES = 128 * 1024;
/**
 * The file is read this much at a time (a whole number of chunks), the next block while the current
 * one is sent. Every read is a new Blob slice and a round trip to the browser process, whose main
 * thread spent about twice the CPU per byte reading 1 MiB blocks as 4 MiB ones (bench:transfer
 * --threads); a block is hashed in the worker while the next one is sent.
 */
export const READ_BLOCK_BYTES = 4 * 1024 * 1024;
const MIN_CHUNK = 16 * 1024;
/** Larger messages are fragmented by SCTP and measured slower. */
export const MAX_CHUNK = 64 * 1024;

/** Largest chunk the remote end accepts, within sensible bounds. */
export function chooseChunkSize(maxMessageSize: number): number {
  if (!Number.isFinite(maxMessageSize) || maxMessageSize <= 0) return MAX_CHUNK;
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(maxMessageSize)));
}

/** The part of a File the sender reads (a File, or a Blob in tests). */
export interface Readable {
  readonly size: number;
  slice(start: number, end: number): Blob;
}

export type PumpOutcome = { kind: 'sent'; sha256: string } | { kind: 'interrupted' } | { kind: 'stopped' };

export interface PumpOptions {
  file: Readable;
  channel: RTCDataChannel;
  offset: number;
  chunkSize: number;
  /** Bytes that have left the send buffer so far. */
  onProgress: (bytes: number) => void;
  /** True once the transfer was cancelled or restarted elsewhere. */
  stopped: () => boolean;
}

function waitForOpen(channel: RTCDataChannel): Promise<boolean> {
  if (channel.readyState === 'open') return Promise.resolve(true);
  return new Promise((resolve) => {
    channel.addEventListener('open', () => resolve(true), { once: true });
    channel.addEventListener('close', () => resolve(false), { once: true });
  });
}

function waitForLowWater(channel: RTCDataChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve();
    };
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}

/**
 * Sends `file` from `offset` to the end and returns its SHA-256. Bytes before `offset` (already with
 * the receiver after a resume) are hashed from the local file, not sent again.
 */
export async function pumpFile(options: PumpOptions): Promise<PumpOutcome> {
  options.channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
  const hasher = await createHasher();
  try {
    return await pumpWith(hasher, options);
  } finally {
    hasher.dispose();
  }
}

async function pumpWith(hasher: Hasher, options: PumpOptions): Promise<PumpOutcome> {
  const { file, channel, chunkSize } = options;
  for (let position = 0; position < options.offset; position += READ_BLOCK_BYTES) {
    const end = Math.min(options.offset, position + READ_BLOCK_BYTES);
    hasher.take(await file.slice(position, end).arrayBuffer());
    await hasher.drained();
  }
  if (!(await waitForOpen(channel))) return { kind: 'interrupted' };

  const read = (at: number): Promise<ArrayBuffer> | null =>
    at < file.size ? file.slice(at, Math.min(file.size, at + READ_BLOCK_BYTES)).arrayBuffer() : null;
  let position = options.offset;
  let next = read(position);
  while (next) {
    if (options.stopped()) return { kind: 'stopped' };
    const block = await next;
    const length = block.byteLength;
    next = read(position + length);
    for (let at = 0; at < length; at += chunkSize) {
      if (channel.bufferedAmount > HIGH_WATER_BYTES) {
        await waitForLowWater(channel);
        // Progress as the window drains, so a slow link still moves the bar within a block.
        options.onProgress(position + at - channel.bufferedAmount);
      }
      if (options.stopped()) return { kind: 'stopped' };
      if (channel.readyState !== 'open') return { kind: 'interrupted' };
      channel.send(new Uint8Array(block, at, Math.min(chunkSize, length - at)));
    }
    // send() has copied every chunk, so the block itself goes to the hashing worker without a copy.
    hasher.take(block);
    await hasher.drained();
    position += length;
    options.onProgress(position - channel.bufferedAmount);
  }
  return { kind: 'sent', sha256: await hasher.digest() };
}
