/**
 * `presence:updated` goes to every client, so it is coalesced per device: the first update at once,
 * the latest of those within the interval when it ends, and nothing held survives the device leaving.
 * The integration test freezes the server's clock and fires the interval's timer itself, so however
 * slow the machine, every rename below falls in one interval.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../common/signaling/presence';
import type { Delivery } from '../../server/src/replica/delivery';
import { coalescePresence } from '../../server/src/replica/presence-fanout';
import { deviceId, flush, recordEvents, request, useHarness } from './helpers';

const harness = useHarness();
const RENAMES = 20;

describe('a device renaming itself in a loop', () => {
  it('reaches every other client as one update at once and one with the last name', async () => {
    const timers: (() => void)[] = [];
    const { address } = await harness.start({
      now: () => 0,
      limits: { presenceIntervalMs: 50 },
      schedule: (run) => {
        timers.push(run);
        return () => timers.splice(timers.indexOf(run), 1);
      },
    });
    const ada = await harness.device(address, deviceId('ada'), 'Ada');
    const seen = recordEvents(ada);
    const device = deviceId('mallory');
    const mallory = await harness.connect(address);
    for (let i = 0; i <= RENAMES; i++) {
      expect(await request(mallory, 'presence:register', { deviceId: device, name: `M${i}` })).toMatchObject({
        ok: true,
      });
    }
    const names = () =>
      seen
        .filter(
          ([event, entry]) => event === 'presence:updated' && (entry as DirectoryEntry).deviceId === device,
        )
        .map(([, entry]) => (entry as DirectoryEntry).name);
    await flush(ada);
    expect(names()).toEqual(['M0']);
    // The interval ends: the last name goes out, and nothing more is held.
    expect(timers).toHaveLength(1);
    timers.shift()?.();
    await expect.poll(names).toContain(`M${RENAMES}`);
    await flush(ada);
    expect(names()).toEqual(['M0', `M${RENAMES}`]);
    expect(timers).toEqual([]);
  });
});

describe('coalescePresence', () => {
  function fixture() {
    const out: [string, unknown][] = [];
    const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
    let clock = 0;
    const inner: Delivery = {
      sendTo: () => true,
      sendHere: () => true,
      receive: () => undefined,
      broadcast: (event, ...args) => void out.push([event, args[0]]),
    };
    const delivery = coalescePresence(inner, {
      intervalMs: 1_000,
      now: () => clock,
      schedule: (run, ms) => {
        const timer = { run, ms, cancelled: false };
        timers.push(timer);
        return () => (timer.cancelled = true);
      },
    });
    return { out, timers, delivery, step: (ms: number) => (clock += ms) };
  }
  const entry = (name: string, id = 'dev-1'): DirectoryEntry => ({ deviceId: id, name, status: 'available' });

  it('sends at most one update per device per interval, the latest, and devices do not wait on each other', () => {
    const { out, timers, delivery, step } = fixture();
    delivery.broadcast('presence:updated', entry('a'));
    step(200);
    delivery.broadcast('presence:updated', entry('b'));
    delivery.broadcast('presence:updated', entry('c'));
    delivery.broadcast('presence:updated', entry('x', 'dev-2'));
    expect(out).toEqual([
      ['presence:updated', entry('a')],
      ['presence:updated', entry('x', 'dev-2')],
    ]);
    expect(timers.map((t) => t.ms)).toEqual([800]);
    step(800);
    timers[0]?.run();
    expect(out.at(-1)).toEqual(['presence:updated', entry('c')]);
    step(1_000);
    delivery.broadcast('presence:updated', entry('d'));
    expect(out.at(-1)).toEqual(['presence:updated', entry('d')]);
  });

  it('drops the update held for a device that left, and passes other events through', () => {
    const { out, timers, delivery } = fixture();
    delivery.broadcast('presence:updated', entry('a'));
    delivery.broadcast('presence:updated', entry('b'));
    delivery.broadcast('presence:left', { deviceId: 'dev-1' });
    expect(timers[0]?.cancelled).toBe(true);
    delivery.broadcast('presence:updated', entry('again'));
    expect(out).toEqual([
      ['presence:updated', entry('a')],
      ['presence:left', { deviceId: 'dev-1' }],
      ['presence:updated', entry('again')],
    ]);
  });
});
