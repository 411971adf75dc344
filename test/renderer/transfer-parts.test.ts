import { describe, expect, it, vi } from 'vitest';
import { createHasher } from '../../renderer/src/rtc/transfers/hasher';
import { IncomingFile, type IncomingOutcome } from '../../renderer/src/rtc/transfers/incoming';
import { ProgressMeter, secondsLeft } from '../../renderer/src/rtc/transfers/meter';
import { chooseChunkSize } from '../../renderer/src/rtc/transfers/outgoing';
import { sanitizeFileName, uniqueFileName } from '../../common/file-names';
import {
  MemorySink,
  WritableSink,
  WriterSink,
  type FileWriter,
} from '../../renderer/src/rtc/transfers/sinks';

function bytes(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer;
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('sanitizeFileName', () => {
  it.each([
    ['../../x', 'x'],
    ['..\\..\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['/etc/passwd', 'passwd'],
    ['..', 'file'],
    ['.bashrc', 'bashrc'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['CON.txt', '_CON.txt'],
    ['report.pdf. . ', 'report.pdf'],
    ['a<b>:c|d?e*.txt', 'abcde.txt'],
    ['', 'file'],
    ['Résumé 2026.pdf', 'Résumé 2026.pdf'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('keeps the extension when it shortens an overlong name', () => {
    const name = sanitizeFileName(`${'a'.repeat(400)}.tar.gz`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.gz')).toBe(true);
  });
});

describe('uniqueFileName', () => {
  it('adds a counter before the extension on collisions', () => {
    const taken = new Set(['photo.jpg', 'photo (2).jpg']);
    expect(uniqueFileName('photo.jpg', taken)).toBe('photo (3).jpg');
    expect(uniqueFileName('notes', new Set(['notes']))).toBe('notes (2)');
    expect(uniqueFileName('fresh.txt', taken)).toBe('fresh.txt');
  });
});

describe('chooseChunkSize', () => {
  it('uses the negotiated SCTP maximum within 16 KiB..64 KiB', () => {
    expect(chooseChunkSize(262144)).toBe(65536);
    expect(chooseChunkSize(32768)).toBe(32768);
    expect(chooseChunkSize(1073741823)).toBe(65536);
    expect(chooseChunkSize(1000)).toBe(16384);
    expect(chooseChunkSize(Number.POSITIVE_INFINITY)).toBe(65536);
  });
});

describe('createHasher', () => {
  it('gives the SHA-256 of the whole input, fed in pieces', async () => {
    const data = new Uint8Array(1_000_003).map((_, i) => (i * 31) % 251);
    const hasher = await createHasher();
    for (let at = 0; at < data.length; at += 65_536) hasher.update(data.subarray(at, at + 65_536));
    expect(await hasher.digest()).toBe(await sha256(data));
  });
});

describe('IncomingFile', () => {
  async function incoming(size: number) {
    const sink = new MemorySink('application/octet-stream');
    const outcomes: IncomingOutcome[] = [];
    const progress: number[] = [];
    const file = new IncomingFile(
      size,
      sink,
      await createHasher(),
      (b) => progress.push(b),
      (o) => outcomes.push(o),
    );
    return { file, outcomes, progress, sink };
  }

  it('verifies once every byte is in, even when the end marker arrives first', async () => {
    const data = new Uint8Array([1, 2, 3, 4, 5]);
    const { file, outcomes, progress } = await incoming(5);
    file.end(5, await sha256(data));
    file.push(bytes(1, 2));
    file.push(bytes(3, 4, 5));
    await file.settled();
    expect(progress).toEqual([5]);
    expect(file.bytes).toBe(5);
    expect(outcomes).toHaveLength(1);
    const outcome = outcomes[0]!;
    expect(outcome.kind).toBe('verified');
    if (outcome.kind === 'verified')
      expect(new Uint8Array(await outcome.saved.blob!.arrayBuffer())).toEqual(data);
  });

  it('refuses a file whose digest does not match, and keeps nothing', async () => {
    const { file, outcomes, sink } = await incoming(3);
    const abort = vi.spyOn(sink, 'abort');
    file.push(bytes(1, 2, 3));
    file.end(3, await sha256(new Uint8Array([1, 2, 4])));
    await file.settled();
    expect(outcomes).toEqual([{ kind: 'corrupt' }]);
    expect(abort).toHaveBeenCalled();
  });

  it('refuses more bytes than were announced', async () => {
    const { file, outcomes } = await incoming(2);
    file.push(bytes(1, 2, 3));
    await file.settled();
    expect(outcomes).toEqual([{ kind: 'overflow' }]);
  });

  it('batches writes, and writes everything received before giving the offset a resume starts from', async () => {
    const { file, sink } = await incoming(10);
    const write = vi.spyOn(sink, 'write');
    file.push(bytes(1, 2, 3, 4));
    file.push(bytes(5));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(file.received).toBe(5);
    expect(write).not.toHaveBeenCalled();
    await file.settled();
    expect(file.bytes).toBe(5);
    expect(write).toHaveBeenCalledTimes(1);
    file.push(bytes(6, 7));
    await file.settled();
    expect(file.bytes).toBe(7);
  });
});

describe('WritableSink', () => {
  it('discards what was written and removes the file on abort', async () => {
    const writable = {
      write: vi.fn(async () => {}),
      close: vi.fn(async () => {}),
      abort: vi.fn(async () => {}),
    };
    const remove = vi.fn(async () => {});
    const sink = new WritableSink(writable, remove);
    await sink.write(bytes(1));
    await sink.abort();
    expect(writable.abort).toHaveBeenCalled();
    expect(remove).toHaveBeenCalled();
    expect(writable.close).not.toHaveBeenCalled();
  });
});

describe('ProgressMeter', () => {
  it('measures speed over its window and estimates the time left', () => {
    let now = 0;
    const meter = new ProgressMeter(3_000, () => now);
    meter.sample(0);
    now = 1_000;
    expect(meter.sample(10_000_000)).toBe(10_000_000);
    expect(secondsLeft(10_000_000, 50_000_000, 10_000_000)).toBe(4);
    expect(secondsLeft(0, 10, 0)).toBeNull();
  });

  /** The time left the meter shows every 100 ms while `rate(t)` bytes per second flow (t in seconds). */
  function timesLeft(total: number, seconds: number, rate: (t: number) => number): (number | null)[] {
    let now = 0;
    let bytes = 0;
    const meter = new ProgressMeter(3_000, () => now);
    meter.sample(0);
    const shown: (number | null)[] = [];
    for (let step = 1; step <= seconds * 10; step += 1) {
      now = step * 100;
      bytes = Math.min(total, bytes + rate(now / 1000) / 10);
      meter.sample(bytes);
      shown.push(meter.secondsLeft(total - bytes));
    }
    return shown;
  }

  it('keeps the time left steady through a short stall, as a user reads it', () => {
    // 600 MB at 10 MB/s, with the receiver's disk stalling 4 s at the 20th second.
    const shown = timesLeft(600e6, 40, (t) => (t > 20 && t <= 24 ? 0 : 10e6));
    const beforeStall = shown[199]!; // 400 MB, 40 s left
    expect(beforeStall).toBeGreaterThan(36);
    expect(beforeStall).toBeLessThan(44);
    // The old meter showed nothing, then minutes, then seconds again: now it does not even double.
    const duringStall = shown.slice(200, 240);
    expect(duringStall.every((left) => left !== null && left < beforeStall * 2)).toBe(true);
    // Ten seconds after the stall it is back near the truth (300 MB, 30 s left at 10 MB/s).
    expect(shown[339]).toBeGreaterThan(27);
    expect(shown[339]).toBeLessThan(36);
  });

  it('follows a lasting change of speed within seconds', () => {
    // 10 MB/s, then 1 MB/s from the 10th second: 1,000 MB take far longer.
    const shown = timesLeft(1_000e6, 30, (t) => (t > 10 ? 1e6 : 10e6));
    const left = (1_000e6 - 100e6 - 20e6) / 1e6; // at the 30th second, at 1 MB/s
    expect(shown.at(-1)).toBeGreaterThan(left * 0.7);
  });

  it('shows no time left before any speed is known', () => {
    let now = 0;
    const meter = new ProgressMeter(3_000, () => now);
    meter.sample(0);
    expect(meter.secondsLeft(1_000)).toBeNull();
    now = 100;
    meter.sample(0);
    expect(meter.secondsLeft(1_000)).toBeNull();
  });
});

describe('write failures', () => {
  it('end the transfer with the reason and discard what was written', async () => {
    const sink = new MemorySink('');
    vi.spyOn(sink, 'write').mockRejectedValue(new Error('Your Downloads folder cannot be written to.'));
    const abort = vi.spyOn(sink, 'abort');
    const outcomes: IncomingOutcome[] = [];
    const file = new IncomingFile(
      3,
      sink,
      await createHasher(),
      () => {},
      (o) => outcomes.push(o),
    );
    file.push(bytes(1, 2, 3));
    file.end(3, await sha256(new Uint8Array([1, 2, 3])));
    await file.settled();
    expect(outcomes).toEqual([
      { kind: 'write-failed', message: 'Your Downloads folder cannot be written to.' },
    ]);
    expect(abort).toHaveBeenCalled();
  });
});

describe('WriterSink', () => {
  function fakeWriter() {
    return {
      id: 'd-1',
      write: vi.fn(async (_chunk: Uint8Array<ArrayBuffer>) => ({ ok: true as const, data: null })),
      finish: vi.fn(async () => ({ ok: true as const, data: { path: '/home/ada/Downloads/a.txt' } })),
      abort: vi.fn(async () => undefined),
    } satisfies FileWriter;
  }

  it('streams through the writer it was handed and reports where the file was saved', async () => {
    const writer = fakeWriter();
    const sink = new WriterSink(writer);
    await sink.write(bytes(7, 8));
    expect(writer.write).toHaveBeenCalledWith(new Uint8Array([7, 8]));
    expect(await sink.close()).toEqual({
      blob: null,
      savedTo: '/home/ada/Downloads/a.txt',
      downloadId: 'd-1',
    });
  });

  it('turns a refusal into an error with its sentence, and aborts through the writer', async () => {
    const writer = fakeWriter();
    writer.write.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: 'The file could not be written to your Downloads folder. Is the disk full?',
      },
    } as never);
    const sink = new WriterSink(writer);
    await expect(sink.write(bytes(1))).rejects.toThrow('Is the disk full?');
    await sink.abort();
    expect(writer.abort).toHaveBeenCalledOnce();
  });
});
