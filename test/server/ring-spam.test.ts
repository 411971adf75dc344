/**
 * Ring spam is bounded: a device receives at most RINGS_PER_CALLEE rings and starts at most
 * RINGS_PER_CALLER within RING_WINDOW_MS; an invitation beyond either is refused RATE_LIMITED with how
 * long to wait, before anyone rings. The server's clock is a variable the test steps.
 */
import { describe, expect, it } from 'vitest';
import { RING_WINDOW_MS, RINGS_PER_CALLEE, RINGS_PER_CALLER } from '../../common/limits';
import type { CallInvited } from '../../common/signaling/call';
import { RingGuard } from '../../server/src/admission/ring-guard';
import { deviceId, flush, recordEvents, request, useHarness } from './helpers';

const harness = useHarness();

describe('ringing one person over and over', () => {
  it('refuses the ring over the callee budget, with the wait, and rings again once it passed', async () => {
    let clock = 5_000_000;
    const { address } = await harness.start({ now: () => clock });
    const victim = deviceId('bob');
    const bob = await harness.device(address, victim, 'Bob');
    const rings = recordEvents(bob);
    const mallory = await harness.device(address, deviceId('mallory'), 'Mallory');
    const ring = () => request(mallory, 'call:invite', { to: [victim] });

    for (let i = 0; i < RINGS_PER_CALLEE; i++) {
      const invited = await ring();
      expect(invited).toMatchObject({ ok: true, data: { ringing: [victim] } });
      const { callId } = (invited as { data: CallInvited }).data;
      expect(await request(mallory, 'call:cancel', { callId })).toEqual({ ok: true, data: null });
      clock += 1_000;
    }
    // The first ring leaves the window RING_WINDOW_MS after it: 10 s have passed since.
    const wait = RING_WINDOW_MS - RINGS_PER_CALLEE * 1_000;
    expect(await ring()).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.any(String), retryAfterMs: wait },
    });
    await flush(bob);
    expect(rings.filter(([event]) => event === 'call:ringing')).toHaveLength(RINGS_PER_CALLEE);

    clock += wait;
    expect(await ring()).toMatchObject({ ok: true, data: { ringing: [victim] } });
  });
});

describe('RingGuard', () => {
  it('bounds the rings one caller starts, whoever it calls, and forgets them after the window', () => {
    let clock = 0;
    const guard = new RingGuard(() => clock);
    const callees = Array.from({ length: RINGS_PER_CALLER }, (_, i) => `callee-${i}`);
    expect(guard.waitFor('eve', callees)).toBe(0);
    guard.record('eve', callees);
    clock += 1;
    expect(guard.waitFor('eve', ['one-more'])).toBe(RING_WINDOW_MS - 1);
    // Another caller may still ring those callees: each has received one ring.
    expect(guard.waitFor('ada', ['callee-0'])).toBe(0);
    clock += RING_WINDOW_MS;
    expect(guard.waitFor('eve', ['one-more'])).toBe(0);
    expect(guard.empty).toBe(true);
  });
});
