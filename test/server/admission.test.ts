import { describe, expect, it } from 'vitest';
import { MAX_ACCESS_CODE_LENGTH } from '../../common/limits';
import type { RelayedSignal } from '../../common/signaling/signal';
import { join, offer, raw, request, refusedWith, useHarness, waitFor } from './helpers';

const harness = useHarness();

async function metricsText(url: string): Promise<string> {
  const response = await fetch(new URL('/metrics', url));
  return response.text();
}

describe('workspace access code', () => {
  it('refuses a client without the code with ACCESS_DENIED and a sentence saying what is missing', async () => {
    const { address } = await harness.start({ accessCode: 'orange-42' });

    const error = await harness.refused(address);

    expect(error.data).toEqual({
      code: 'ACCESS_DENIED',
      message: expect.stringContaining('needs the workspace access code'),
    });
  });

  it('refuses a wrong code, including one that differs only in length, and says the code is wrong', async () => {
    const { address } = await harness.start({ accessCode: 'orange-42' });

    for (const accessCode of ['orange-41', 'orange-4', 'orange-420', '']) {
      const error = await harness.refused(address, { accessCode });
      expect(error.data).toEqual({ code: 'ACCESS_DENIED', message: expect.stringContaining('not right') });
    }
    expect(await metricsText(address.url)).toMatch(
      /nearcast_connections_refused_total\{reason="access_denied"\} 4/,
    );
  });

  it('admits the right code and the client works normally', async () => {
    const { address } = await harness.start({ accessCode: 'orange-42' });

    const client = await harness.connect(address, { accessCode: 'orange-42' });

    expect(await join(client, 'standup', 'Ada')).toMatchObject({ ok: true });
  });

  it('refuses an oversize or non-string code as INVALID_PAYLOAD before comparing anything', async () => {
    const { address } = await harness.start({ accessCode: 'orange-42' });

    const long = await harness.refused(address, { accessCode: 'x'.repeat(MAX_ACCESS_CODE_LENGTH + 1) });
    const numeric = await harness.refused(address, { accessCode: 42 });

    expect(long.data).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(numeric.data).toMatchObject({ code: 'INVALID_PAYLOAD' });
  });

  it('without a configured code, a client that sends none (the v0 web client) is admitted', async () => {
    const { address } = await harness.start();

    const client = await harness.connect(address);

    expect(await join(client, 'standup', 'Ada')).toMatchObject({ ok: true });
  });
});

describe('rate limit', () => {
  it('answers RATE_LIMITED past the per-second budget, and other clients are unaffected', async () => {
    const { address } = await harness.start({ limits: { eventsPerSecond: 5, rateStrikes: 100 } });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const eve = await harness.connect(address);

    const results = await Promise.all(Array.from({ length: 12 }, () => request(eve, 'room:leave')));

    // Handled in order: the first five reach the handler (which refuses them on their merits).
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toEqual([
      ...Array<string>(5).fill('NOT_IN_ROOM'),
      ...Array<string>(7).fill('RATE_LIMITED'),
    ]);
    expect(results.at(-1)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Too many requests at once. Wait a moment and try again.' },
    });
    const relayed = waitFor<RelayedSignal>(ada.client, 'signal');
    expect(await request(bob.client, 'signal', { to: ada.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(relayed).resolves.toMatchObject({ from: bob.client.id });
    expect(await metricsText(address.url)).toMatch(/nearcast_refusals_total\{code="RATE_LIMITED"\} 7/);
  });

  it('gives a limited client its budget back a second later', async () => {
    const { address } = await harness.start({ limits: { eventsPerSecond: 5, rateStrikes: 100 } });
    const eve = await harness.connect(address);

    const burst = await Promise.all(Array.from({ length: 6 }, () => request(eve, 'room:leave')));
    expect(burst.at(-1)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const later = await Promise.all(Array.from({ length: 5 }, () => request(eve, 'room:leave')));
    expect(later.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array<string>(5).fill('NOT_IN_ROOM'));
  });

  it('disconnects a client that keeps flooding, and its room is told it left', async () => {
    const { server, address } = await harness.start({ limits: { eventsPerSecond: 5, rateStrikes: 10 } });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const flooder = await harness.joined(address, 'standup', 'Eve');
    const gone = waitFor(flooder.client, 'disconnect');
    const told = waitFor(ada.client, 'peer:left');

    for (let i = 0; i < 40; i += 1)
      raw(flooder.client).emit('signal', { to: ada.client.id, data: offer() }, () => undefined);

    await expect(gone).resolves.toBe('io server disconnect');
    await expect(told).resolves.toEqual({ id: flooder.joined.self.id });
    expect(server.stats()).toMatchObject({ sockets: 1, rooms: 1 });
    expect(await metricsText(address.url)).toMatch(
      /nearcast_connections_refused_total\{reason="rate_limit"\} 1/,
    );
  });
});

describe('unknown events', () => {
  it('are dropped, counted, and do not disturb the connection', async () => {
    const { address } = await harness.start();
    const client = await harness.connect(address);

    raw(client).emit('admin:shutdown', { all: true });
    raw(client).emit('room:destroy');
    // Names every object has, and the emitter's reserved one: still nothing but unknown events.
    for (const name of ['__proto__', 'toString', 'constructor', 'error']) raw(client).emit(name, {}, () => 0);
    let answered = false;
    raw(client).emit('peer:joined', { id: 'x', name: 'spoof' }, () => (answered = true));

    // No answer at all: the connection is ordered, so once the join is answered, an answer to the
    // unknown event would have arrived before it.
    expect(await join(client, 'standup', 'Ada')).toMatchObject({ ok: true });
    expect(answered).toBe(false);
    expect(await metricsText(address.url)).toMatch(/nearcast_unknown_events_total 7/);
  });
});

describe('handshake presence', () => {
  it('refuses a malformed presence in the handshake with INVALID_PAYLOAD naming the field', async () => {
    const { address } = await harness.start();

    const error = await harness.refused(address, {
      presence: { deviceId: 'no spaces allowed', name: 'Ada' },
    });

    expect(error.data).toEqual({
      code: 'INVALID_PAYLOAD',
      message: expect.stringContaining('presence.deviceId'),
    });
  });
});

describe('refusals are counted by code', () => {
  it('counts INVALID_PAYLOAD and NOT_IN_ROOM separately', async () => {
    const { address } = await harness.start();
    const client = await harness.connect(address);

    expect(await request(client, 'room:join', 42)).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await request(client, 'room:leave')).toEqual(refusedWith('NOT_IN_ROOM'));
    expect(await request(client, 'room:leave')).toEqual(refusedWith('NOT_IN_ROOM'));

    const text = await metricsText(address.url);
    expect(text).toMatch(/nearcast_refusals_total\{code="INVALID_PAYLOAD"\} 1/);
    expect(text).toMatch(/nearcast_refusals_total\{code="NOT_IN_ROOM"\} 2/);
  });
});
