/**
 * Guessing a room PIN: wrong PINs are counted per client address and per room, every one past a few
 * free ones imposes a wait that doubles, attempts during a wait are refused unchecked, and the room's
 * creator hears of each wrong PIN. The server's clock is a variable the test steps: nothing sleeps.
 */
import { describe, expect, it } from 'vitest';
import {
  PIN_BASE_DELAY_MS,
  PIN_FAILURE_MEMORY_MS,
  PIN_FREE_ATTEMPTS_PER_CLIENT,
  PIN_FREE_ATTEMPTS_PER_ROOM,
} from '../../common/limits';
import type { RoomPinFailures } from '../../common/signaling/room';
import { PinGuard } from '../../server/src/admission/pin-guard';
import { flush, recordEvents, request, useHarness } from './helpers';

const harness = useHarness();
const PIN = '2468';

describe('room PIN guessing', () => {
  it('waits grow after a few wrong PINs, a wait refuses even the right PIN, and the creator is told', async () => {
    let clock = 1_000_000;
    const { address } = await harness.start({ now: () => clock });
    const ada = await harness.connect(address);
    expect(await request(ada, 'room:join', { room: 'vault', name: 'Ada', pin: PIN })).toMatchObject({
      ok: true,
    });
    const told = recordEvents(ada);
    const mallory = await harness.connect(address);
    const guess = (pin: string) => request(mallory, 'room:join', { room: 'vault', name: 'Mallory', pin });

    for (let i = 0; i < PIN_FREE_ATTEMPTS_PER_CLIENT; i++) {
      expect(await guess(`000${i}`)).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    }
    // Refused without being checked: even the right PIN.
    expect(await guess(PIN)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.any(String), retryAfterMs: PIN_BASE_DELAY_MS },
    });
    // Another socket from the same address waits just the same.
    const again = await harness.connect(address);
    expect(await request(again, 'room:join', { room: 'vault', name: 'M', pin: PIN })).toMatchObject({
      error: { code: 'RATE_LIMITED' },
    });

    clock += PIN_BASE_DELAY_MS;
    expect(await guess('1111')).toMatchObject({ error: { code: 'WRONG_PIN' } });
    expect(await guess(PIN)).toMatchObject({
      error: { code: 'RATE_LIMITED', retryAfterMs: 2 * PIN_BASE_DELAY_MS },
    });
    clock += 2 * PIN_BASE_DELAY_MS - 1;
    expect(await guess(PIN)).toMatchObject({ error: { code: 'RATE_LIMITED', retryAfterMs: 1 } });
    clock += 1;
    expect(await guess(PIN)).toMatchObject({ ok: true, data: { room: 'vault' } });

    await flush(ada);
    const failures = told.filter(([event]) => event === 'room:pin-failures').map(([, body]) => body);
    const expected: RoomPinFailures[] = [1, 2, 3, 4].map((count) => ({ room: 'vault', count }));
    expect(failures).toEqual(expected);
  });

  it('a missing PIN is no guess, and wrong PINs are forgotten after a quiet while', async () => {
    let clock = 0;
    const { address } = await harness.start({ now: () => clock });
    const ada = await harness.connect(address);
    await request(ada, 'room:join', { room: 'vault', name: 'Ada', pin: PIN });
    const bob = await harness.connect(address);
    for (let i = 0; i < 5; i++) {
      expect(await request(bob, 'room:join', { room: 'vault', name: 'Bob' })).toMatchObject({
        error: { code: 'WRONG_PIN' },
      });
    }
    for (let i = 0; i < PIN_FREE_ATTEMPTS_PER_CLIENT; i++) {
      await request(bob, 'room:join', { room: 'vault', name: 'Bob', pin: '9999' });
    }
    expect(await request(bob, 'room:join', { room: 'vault', name: 'Bob', pin: PIN })).toMatchObject({
      error: { code: 'RATE_LIMITED' },
    });
    clock += PIN_FAILURE_MEMORY_MS;
    expect(await request(bob, 'room:join', { room: 'vault', name: 'Bob', pin: PIN })).toMatchObject({
      ok: true,
    });
  });
});

describe('PinGuard', () => {
  it('slows a room guessed from many addresses, and a right PIN clears only its own client', () => {
    let clock = 0;
    const pins = new PinGuard(() => clock);
    for (let i = 0; i < PIN_FREE_ATTEMPTS_PER_ROOM - 1; i++) {
      expect(pins.waitFor('vault', `10.0.0.${i}`)).toBe(0);
      pins.failed('vault', `10.0.0.${i}`);
    }
    expect(pins.waitFor('vault', '10.0.0.99')).toBe(0);
    expect(pins.failed('vault', '10.0.0.99')).toBe(PIN_FREE_ATTEMPTS_PER_ROOM);
    // Every address now waits for this room, and only for this room.
    expect(pins.waitFor('vault', '10.0.0.200')).toBe(PIN_BASE_DELAY_MS);
    expect(pins.waitFor('other', '10.0.0.200')).toBe(0);
    clock += PIN_BASE_DELAY_MS;
    pins.failed('vault', '10.0.0.200');
    expect(pins.waitFor('vault', '10.0.0.201')).toBe(2 * PIN_BASE_DELAY_MS);
    pins.succeeded('vault', '10.0.0.200');
    expect(pins.waitFor('vault', '10.0.0.200')).toBe(2 * PIN_BASE_DELAY_MS);
    clock += PIN_FAILURE_MEMORY_MS;
    expect(pins.waitFor('vault', '10.0.0.200')).toBe(0);
    for (let i = 0; i < 100; i++) pins.waitFor('vault', `10.0.0.${i}`);
    expect(pins.empty).toBe(true);
  });
});
