/**
 * Packets of a socket that is gone change nothing. Socket.IO schedules every packet decoded from one
 * read of the connection before it runs any of them, so a client that writes a burst in one write
 * has packets queued behind the one that gets it disconnected. The client here is a plain WebSocket
 * speaking Socket.IO's wire format, writing its whole burst as one TCP write (the socket corked).
 */
import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENTS_PER_SECOND, DEFAULT_RATE_STRIKES, DEFAULT_ROOM_CAPACITY } from '../../common/limits';
import type { DirectoryEntry } from '../../common/signaling/presence';
import { deviceId, join, request, useHarness } from './helpers';

const harness = useHarness();

/** Enough `directory:list` to exhaust the budget and the strikes: the last one disconnects. */
const FLOOD = DEFAULT_EVENTS_PER_SECOND + DEFAULT_RATE_STRIKES + 1;

/**
 * Connects, then writes FLOOD `directory:list`, a `room:join` and a `presence:register` in one write,
 * and resolves once the server closed the connection.
 */
function ghost(url: string, room: string, device: string): Promise<void> {
  const ws = new WebSocket(new URL('socket.io/?EIO=4&transport=websocket', url.replace(/^http/, 'ws')));
  return new Promise((resolve, reject) => {
    ws.on('message', (raw: WebSocket.RawData) => {
      const text = String(raw);
      if (text === '2') ws.send('3');
      else if (text[0] === '0') ws.send('40');
      else if (text.startsWith('40')) {
        // ws exposes its TCP socket only internally; corking it makes every frame below one write.
        const tcp = (ws as unknown as { _socket: NetSocket })._socket;
        tcp.cork();
        for (let i = 0; i < FLOOD; i++) ws.send(`42${i}["directory:list"]`);
        ws.send(`42${FLOOD}${JSON.stringify(['room:join', { room, name: 'Ghost' }])}`);
        ws.send(
          `42${FLOOD + 1}${JSON.stringify(['presence:register', { deviceId: device, name: 'Ghost' }])}`,
        );
        tcp.uncork();
      }
    });
    ws.once('close', () => resolve());
    ws.once('error', reject);
  });
}

describe('packets queued behind a disconnect', () => {
  it('leave no member in a room and no device in the directory', async () => {
    const { server, address } = await harness.start();
    const ghosts = Array.from({ length: DEFAULT_ROOM_CAPACITY }, (_, i) => deviceId(`ghost${i}`));
    for (const device of ghosts) await ghost(address.url, 'standup', device);

    const ada = await harness.connect(address);
    const listed = await request(ada, 'directory:list');
    expect(listed.ok).toBe(true);
    const devices = listed.ok ? (listed.data as DirectoryEntry[]).map((entry) => entry.deviceId) : [];
    for (const device of ghosts) expect(devices).not.toContain(device);
    expect(await join(ada, 'standup', 'Ada')).toMatchObject({ ok: true, data: { peers: [] } });
    expect(server.stats()).toEqual({ sockets: 1, rooms: 1, calls: 0, devices: 0 });
  });
});
