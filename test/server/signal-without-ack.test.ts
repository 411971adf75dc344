/**
 * `signal` without an ack (offered by `session:features`): relayed with no frame back to the sender,
 * and every refusal still reaches the sender, as `signal:refused`.
 */
import { io as connectSocket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { RelayedSignal, SignalRefused } from '../../common/signaling/signal';
import { flush, offer, raw, recordEvents, refusedWith, useHarness, waitFor } from './helpers';

const harness = useHarness();

describe('signal without an ack', () => {
  it('every connection first hears which optional features the server offers', async () => {
    const { address } = await harness.start();
    const socket = connectSocket(address.url, {
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
    });
    try {
      const first = new Promise((resolve) =>
        socket.onAny((event: string, ...args: unknown[]) => resolve([event, ...args])),
      );
      socket.connect();
      await expect(first).resolves.toEqual([
        'session:features',
        { signalWithoutAck: true, challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
      ]);
    } finally {
      socket.disconnect();
    }
  });

  it('is relayed like an acknowledged one, and nothing comes back to the sender', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const adaEvents = recordEvents(ada.client);
    const relayed = waitFor<RelayedSignal>(bob.client, 'signal');

    raw(ada.client).emit('signal', { to: bob.client.id, from: 'spoofed', data: offer('no ack') });

    await expect(relayed).resolves.toEqual({ from: ada.client.id, data: offer('no ack') });
    await flush(ada.client);
    expect(adaEvents).toEqual([]);
  });

  it('a refusal comes back as signal:refused with the code an ack would have carried', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const stranger = await harness.connect(address);
    const bobEvents = recordEvents(bob.client);

    const notInRoom = waitFor<SignalRefused>(stranger, 'signal:refused');
    raw(stranger).emit('signal', { to: bob.client.id, data: offer() });
    await expect(notInRoom).resolves.toEqual({ to: bob.client.id, ...pick(refusedWith('NOT_IN_ROOM')) });

    const unknownPeer = waitFor<SignalRefused>(ada.client, 'signal:refused');
    raw(ada.client).emit('signal', { to: stranger.id, data: offer() });
    await expect(unknownPeer).resolves.toEqual({ to: stranger.id, ...pick(refusedWith('PEER_NOT_FOUND')) });

    const malformed = waitFor<SignalRefused>(ada.client, 'signal:refused');
    raw(ada.client).emit('signal', 42);
    await expect(malformed).resolves.toEqual({ to: null, ...pick(refusedWith('INVALID_PAYLOAD')) });

    await flush(bob.client);
    expect(bobEvents).toEqual([]);
  });

  it('a signal over the rate limit is refused the same way', async () => {
    const { address } = await harness.start({ limits: { eventsPerSecond: 2 } });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address);
    const limited = waitFor<SignalRefused>(
      ada.client,
      'signal:refused',
      (r) => r.error.code === 'RATE_LIMITED',
    );

    for (let i = 0; i < 3; i += 1) raw(ada.client).emit('signal', { to: bob.id, data: offer() });

    await expect(limited).resolves.toEqual({ to: bob.id, ...pick(refusedWith('RATE_LIMITED')) });
  });
});

/** `refusedWith` describes an ack; `signal:refused` carries the same `error` next to `to`. */
function pick(refused: { error: unknown }): { error: unknown } {
  return { error: refused.error };
}
