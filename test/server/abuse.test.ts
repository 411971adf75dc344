/**
 * Many real clients sending random, out-of-order, malformed and spoofed events: the server stays up,
 * well-behaved clients are unaffected, and nothing leaks once everyone left. Each client sends a fixed
 * number of events, each after the answer to the previous one, so a loaded machine makes the run
 * slower, not different.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RelayedSignal } from '../../common/signaling/signal';
import { join, offer, raw, request, useHarness, waitFor, type Client } from './helpers';

const harness = useHarness();
const CLIENTS = 500;
const EVENTS_PER_CLIENT = 20;
/** Names the server knows nothing of (or only sends): never answered, whatever the payload. */
const UNKNOWN_EVENTS = ['admin:shutdown', 'peer:joined', 'signal:all', ''];

/** Deterministic, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('500 clients sending random events', () => {
  it(
    'the server stays up, others are unaffected, and every registry is empty afterwards',
    { timeout: 120_000 },
    async () => {
      // Every event reaches its handler: the rate limit, which depends on how fast the machine sends,
      // has its own tests (admission.test.ts).
      const { server, address } = await harness.start({
        // Every client comes from loopback: the per-address cap has its own test (connection-cap.test.ts).
        limits: { ringTimeoutMs: 300, eventsPerSecond: 10_000, connectionsPerAddress: 10_000 },
      });
      const ada = await harness.joined(address, 'sentinel', 'Ada');
      const bob = await harness.joined(address, 'sentinel', 'Bob');
      const adaSignals: RelayedSignal[] = [];
      ada.client.on('signal', (signal) => adaSignals.push(signal));

      const random = prng(42);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const clients: Client[] = [];
      for (let i = 0; i < CLIENTS; i += 50) {
        clients.push(...(await Promise.all(Array.from({ length: 50 }, () => harness.connect(address)))));
      }
      const ids = () => [...clients.map((c) => c.id ?? 'gone'), ada.client.id ?? '', 'no-such-peer'];
      const devices = Array.from({ length: 60 }, (_, i) => `device-abuse-${i}`);
      const callIds: string[] = [randomUUID()];
      for (const client of clients) {
        client.on('call:ringing', ({ callId }: { callId: string }) => callIds.push(callId));
      }

      const events: (() => [string, ...unknown[]])[] = [
        () => [
          'room:join',
          { room: pick(['a', 'b', 'c', 'sentinel']), name: 'X', pin: pick([undefined, '1234']) },
        ],
        () => ['room:leave'],
        () => ['room:lock', { locked: random() < 0.5 }],
        () => ['room:remove', { peerId: pick(ids()) }],
        () => [
          'signal',
          { to: pick(ids()), from: 'spoofed', data: offer('x'.repeat(Math.floor(random() * 2000))) },
        ],
        () => ['signal', { to: pick(ids()), data: { kind: 'candidate', candidate: null } }],
        () => [
          'presence:register',
          { deviceId: pick(devices), name: 'Eve', status: pick(['available', 'busy']) },
        ],
        () => ['directory:list'],
        () => ['call:invite', { to: [pick(devices), pick(devices)] }],
        () => [pick(['call:accept', 'call:decline', 'call:cancel']), { callId: pick(callIds) }],
        () => ['config:ice-servers'],
        () => [pick(UNKNOWN_EVENTS), { room: 'sentinel' }],
        () => [
          pick(['room:join', 'signal', 'call:invite']),
          pick([42, null, 'text', [1, 2], { deep: { deeper: {} } }]),
        ],
        () => ['room:join', { room: 'x'.repeat(100), name: '\u0007' }],
      ];

      const answered = { ok: 0, refused: 0, unknown: 0 };
      /** One independent loop per client, each event right after the answer to the previous one. */
      async function misbehave(client: Client): Promise<void> {
        for (let i = 0; i < EVENTS_PER_CLIENT && client.connected; i++) {
          const [event, ...args] = pick(events)();
          if (random() < 0.1) {
            raw(client).emit(event, ...args); // no ack: dropped, or refused by `signal:refused`
          } else if (UNKNOWN_EVENTS.includes(event)) {
            raw(client).emit(event, ...args, () => answered.unknown++); // must never be answered
          } else {
            await raw(client)
              .emitWithAck(event, ...args)
              .then(
                (result: { ok: boolean }) => void (result.ok ? answered.ok++ : answered.refused++),
                // Disconnected before the answer: its device was registered again by another client.
                () => undefined,
              );
          }
        }
        // The connection is ordered: once this is answered, so would every earlier request have been.
        if (client.connected)
          await raw(client)
            .emitWithAck('config:ice-servers')
            .catch(() => undefined);
      }
      await Promise.all(clients.map((client) => misbehave(client)));

      // Both kinds of answers happened, so the run exercised handlers, not only refusals.
      expect(answered.ok).toBeGreaterThan(100);
      expect(answered.refused).toBeGreaterThan(100);
      expect(answered.unknown).toBe(0);
      expect((await fetch(new URL('/healthz', address.url))).status).toBe(200);
      const relayed = waitFor<RelayedSignal>(ada.client, 'signal', (s) => s.from === bob.client.id);
      expect(await request(bob.client, 'signal', { to: ada.client.id, data: offer() })).toEqual({
        ok: true,
        data: null,
      });
      await expect(relayed).resolves.toEqual({ from: bob.client.id, data: offer() });
      // Whatever reached Ada came from a real member of her room, never from a forged `from`.
      expect(adaSignals.map((s) => s.from)).not.toContain('spoofed');

      for (const client of clients) client.disconnect();
      ada.client.disconnect();
      bob.client.disconnect();
      await expect
        .poll(() => server.stats(), { timeout: 30_000 })
        .toEqual({ sockets: 0, rooms: 0, calls: 0, devices: 0 });
      // Still serving: a newcomer joins the sentinel room as its first member.
      const late = await harness.connect(address);
      expect(await join(late, 'sentinel', 'Late')).toMatchObject({ ok: true, data: { peers: [] } });
    },
  );
});
