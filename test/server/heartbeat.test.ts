/**
 * A client that vanishes without closing its connection (laptop lid shut, cable pulled) leaves the
 * directory and its room within PING_INTERVAL_MS + PING_TIMEOUT_MS (15 s), as docs/PROTOCOL.md says.
 * The vanished client is a plain WebSocket speaking Socket.IO's wire format, which simply stops
 * answering the server's pings: to the server that is what a machine gone from the LAN looks like.
 */
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../../common/limits';
import type { PresenceLeft } from '../../common/signaling/presence';
import type { PeerLeft } from '../../common/signaling/room';
import { deviceId, join, request, useHarness, waitFor } from './helpers';

const harness = useHarness();

/** A wire-format client that registers, joins `room`, and can then stop answering pings. */
function silentPeer(url: string, device: string, room: string): Promise<{ id: string; fall: () => void }> {
  const ws = new WebSocket(new URL('socket.io/?EIO=4&transport=websocket', url.replace(/^http/, 'ws')));
  let answering = true;
  let id = '';
  return new Promise((resolve, reject) => {
    ws.on('message', (raw: WebSocket.RawData) => {
      const text = String(raw);
      if (text === '2') {
        if (answering) ws.send('3');
      } else if (text[0] === '0') ws.send('40');
      else if (text.startsWith('40')) {
        id = (JSON.parse(text.slice(2)) as { sid: string }).sid;
        ws.send(`420${JSON.stringify(['presence:register', { deviceId: device, name: 'Bob' }])}`);
      } else if (text.startsWith('430')) {
        ws.send(`421${JSON.stringify(['room:join', { room, name: 'Bob' }])}`);
      } else if (text.startsWith('431')) {
        resolve({ id, fall: () => (answering = false) });
      }
    });
    ws.once('error', reject);
  });
}

describe('heartbeat', () => {
  it(
    'a client that stops answering leaves the directory and its room within 15 s, not before the next ping',
    async () => {
      const { address } = await harness.start();
      const ada = await harness.connect(address);
      await request(ada, 'presence:register', { deviceId: deviceId('ada'), name: 'Ada' });
      const joined = await join(ada, 'standup', 'Ada');
      expect(joined.ok).toBe(true);
      const bobDevice = deviceId('bob');
      const bob = await silentPeer(address.url, bobDevice, 'standup');

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
});
