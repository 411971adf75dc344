import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Sampler } from '../../renderer/src/rtc/sampler';

/** A read that resolves only when the test says so, to hold one "in flight". */
function heldRead() {
  const pending: ((value: number) => void)[] = [];
  const read = vi.fn(() => new Promise<number>((resolve) => pending.push(resolve)));
  return { read, release: (value: number) => pending.shift()?.(value) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Sampler', () => {
  it('reads once per period while started, and not after stop', async () => {
    let n = 0;
    const samples: number[] = [];
    const sampler = new Sampler({
      read: async () => ++n,
      onSample: (s) => samples.push(s),
      intervalMs: 1_000,
      what: 'a counter',
    });
    sampler.start();
    sampler.start();
    expect(sampler.running).toBe(true);
    await vi.advanceTimersByTimeAsync(999);
    expect(samples).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_001);
    expect(samples).toEqual([1, 2, 3]);
    sampler.stop();
    expect(sampler.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(samples).toEqual([1, 2, 3]);
  });

  it('reads at start too when asked to', async () => {
    const samples: string[] = [];
    const sampler = new Sampler({
      read: async () => 'now',
      onSample: (s) => samples.push(s),
      intervalMs: 1_000,
      immediate: true,
      what: 'a constant',
    });
    sampler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(samples).toEqual(['now']);
    sampler.stop();
  });

  it('does not start a second read while one is under way', async () => {
    const { read, release } = heldRead();
    const samples: number[] = [];
    const sampler = new Sampler({ read, onSample: (s) => samples.push(s), intervalMs: 1_000, what: 'x' });
    sampler.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(read).toHaveBeenCalledTimes(1);
    release(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(samples).toEqual([7]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(read).toHaveBeenCalledTimes(2);
    sampler.stop();
  });

  it('drops a read that ends after stop: it describes a state already left', async () => {
    const { read, release } = heldRead();
    const samples: number[] = [];
    const sampler = new Sampler({ read, onSample: (s) => samples.push(s), intervalMs: 1_000, what: 'x' });
    sampler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    sampler.stop();
    release(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(samples).toEqual([]);
  });

  it('keeps sampling after a failed read', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const read = vi
      .fn<() => Promise<number>>()
      .mockRejectedValueOnce(new Error('closed'))
      .mockResolvedValue(5);
    const samples: number[] = [];
    const sampler = new Sampler({ read, onSample: (s) => samples.push(s), intervalMs: 1_000, what: 'x' });
    sampler.start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(samples).toEqual([5]);
    expect(warn).toHaveBeenCalledWith('[rtc:sampler] could not sample x', expect.any(Error));
    sampler.stop();
    warn.mockRestore();
  });
});
