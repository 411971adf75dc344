/**
 * A client that vanishes without closing its connection (laptop lid shut, cable pulled) leaves the
 * directory and its room within PING_INTERVAL_MS + PING_TIMEOUT_MS (20 s), as docs/PROTOCOL.md says;
 * one that answers late, its page busy, keeps its place.
 * The vanished client is a plain WebSocket speaking Socket.IO's wire format, which simply stops
 * answering the server's pings: to the server that is what a machine gone from the LAN looks like.
 */
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../../common/limits';
import type { PresenceLeft } from '../../common/signaling/presence';
import type { PeerLeft } from '../../common/signaling/room';
import { deviceId, flush, join, recordEvents, request, useHarness, waitFor, type Client } from './helpers';

const harness = useHarness();

interface WirePeer {
  id: string;
  /** Stops answering pings, as a machine gone from the LAN. */
  fall: () => void;
  /** Answers the next ping `ms` late, as a page too busy to run; resolves once it has answered. */
  answerLate: (ms: number) => Promise<void>;
  /** Resolves when the server answers a request on this connection; rejects if it closes first. */
  stillServed: () => Promise<void>;
}

/** A wire-format client that registers, joins `room`, and can then answer pings late or not at all. */
function wirePeer(url: string, device: string, room: string): Promise<WirePeer> {
  const ws = new WebSocket(new URL('socket.io/?EIO=4&transport=websocket', url.replace(/^http/, 'ws')));
  let answering = true;
  let late: { ms: number; answered: () => void } | null = null;
  let answer: (() => void) | null = null;
  let id = '';
  const closed = new Promise<never>((_, reject) => ws.once('close', () => reject(new Error('closed'))));
  closed.catch(() => undefined);
  return new Promise((resolve, reject) => {
    ws.on('message', (raw: WebSocket.RawData) => {
      const text = String(raw);
      if (text === '2') {
        if (late) {
          const { ms, answered } = late;
          late = null;
          setTimeout(() => {
            ws.send('3');
            answered();
          }, ms);
        } else if (answering) ws.send('3');
      } else if (text[0] === '0') ws.send('40');
      else if (text.startsWith('40')) {
        id = (JSON.parse(text.slice(2)) as { sid: string }).sid;
        ws.send(`420${JSON.stringify(['presence:register', { deviceId: device, name: 'Bob' }])}`);
      } else if (text.startsWith('430')) {
        ws.send(`421${JSON.stringify(['room:join', { room, name: 'Bob' }])}`);
      } else if (text.startsWith('431')) {
        resolve({
          id,
          fall: () => (answering = false),
          answerLate: (ms) => new Promise((answered) => (late = { ms, answered })),
          // A malformed signal, refused with an answer on the same connection.
          stillServed: () => {
            const served = new Promise<void>((done) => (answer = done));
            ws.send(`422${JSON.stringify(['signal', 'flush'])}`);
            return Promise.race([served, closed]);
          },
        });
      } else if (text.startsWith('432')) answer?.();
    });
    ws.once('error', reject);
  });
}

/** Ada in room "standup" on a fresh server, and Bob, a wire-format client of `bobDevice`, with her. */
async function adaWithBob(bobDevice: string): Promise<{ ada: Client; bob: WirePeer }> {
  const { address } = await harness.start();
  const ada = await harness.connect(address);
  await request(ada, 'presence:register', { deviceId: deviceId('ada'), name: 'Ada' });
  expect((await join(ada, 'standup', 'Ada')).ok).toBe(true);
  return { ada, bob: await wirePeer(address.url, bobDevice, 'standup') };
}

describe('heartbeat', () => {
  it(
    'a client that stops answering leaves the directory and its room within 20 s, not before the next ping',
    async () => {
      const bobDevice = deviceId('bob');
      const { ada, bob } = await adaWithBob(bobDevice);

      const budget = PING_INTERVAL_MS + PING_TIMEOUT_MS;
      const leftRoom = waitFor<PeerLeft>(ada, 'peer:left', undefined, budget + 2_000);
      const leftDirectory = waitFor<PresenceLeft>(ada, 'presence:left', undefined, budget + 2_000);
      const fell = Date.now();
      bob.fall();

      await expect(leftRoom).resolves.toEqual({ id: bob.id });
      await expect(leftDirectory).resolves.toEqual({ deviceId: bobDevice });
      const after = Date.now() - fell;
      expect(after).toBeGreaterThan(PING_INTERVAL_MS - 1_000);
      expect(after).toBeLessThan(budget + 1_000);
    },
    (PING_INTERVAL_MS + PING_TIMEOUT_MS) * 2,
  );

  it(
    'a client that answers a ping late, its page busy for 7 s on a loaded machine, keeps its place',
    async () => {
      const { ada, bob } = await adaWithBob(deviceId('bob'));
      const events = recordEvents(ada);

      await bob.answerLate(7_000);

      await expect(bob.stillServed()).resolves.toBeUndefined();
      await flush(ada);
      expect(events.filter(([event]) => event === 'peer:left')).toEqual([]);
    },
    (PING_INTERVAL_MS + 7_000) * 2,
  );
});
