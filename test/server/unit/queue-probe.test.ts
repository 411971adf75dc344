/**
 * The unit's measure of its own backlog (server/src/unit/queue-probe.ts): probes it sends to its media
 * sockets tell how long their queues hold what arrives. A probe never reaches werift (it would take the
 * probe's address for its peer's), and no datagram from anyone else is taken for a probe, whatever it
 * carries: a forged one could otherwise make the unit drop a room's media.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FRESH_PROBES,
  FRESH_QUEUE_MS,
  QueueGauge,
  QueueProbe,
  STALE_QUEUE_MS,
} from '../../../server/src/unit/queue-probe';

const opened: Socket[] = [];
let probe: QueueProbe | null = null;

afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
  probe?.close();
  probe = null;
});

async function bound(address: string, port = 0): Promise<Socket> {
  const socket = createSocket('udp4');
  opened.push(socket);
  await new Promise<void>((resolve) => socket.bind({ address, port }, resolve));
  return socket;
}

/** A media socket as werift binds it, with werift's listener standing in as a list of what it read. */
async function mediaSocket(): Promise<{ socket: Socket; read: { data: Buffer; from: RemoteInfo }[] }> {
  const socket = await bound('0.0.0.0');
  const read: { data: Buffer; from: RemoteInfo }[] = [];
  socket.on('message', (data: Buffer, from: RemoteInfo) => read.push({ data, from }));
  return { socket, read };
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('QueueGauge', () => {
  it('is behind once a probe waited longer than the bound, and current again only well below it', () => {
    const gauge = new QueueGauge();
    gauge.sent(0);
    gauge.returned(0, STALE_QUEUE_MS + 50);
    expect(gauge.behind(STALE_QUEUE_MS + 50)).toBe(true);
    // Between the two bounds: still behind, so a queue hovering near the bound does not flap.
    gauge.sent(1000);
    gauge.returned(1000, 1000 + (STALE_QUEUE_MS + FRESH_QUEUE_MS) / 2);
    expect(gauge.behind(1200)).toBe(true);
    gauge.sent(2000);
    gauge.returned(2000, 2000 + FRESH_QUEUE_MS / 2);
    expect(gauge.behind(2100)).toBe(false);
  });

  it('takes a queue that stays under the bound for a few probes for current, however slowly read', () => {
    const gauge = new QueueGauge();
    const between = (STALE_QUEUE_MS + FRESH_QUEUE_MS) / 2;
    gauge.sent(0);
    gauge.returned(0, STALE_QUEUE_MS + 50);
    for (let i = 1; i < FRESH_PROBES; i++) {
      gauge.sent(i * 1000);
      gauge.returned(i * 1000, i * 1000 + between);
      expect(gauge.behind(i * 1000 + between)).toBe(true);
    }
    gauge.sent(FRESH_PROBES * 1000);
    gauge.returned(FRESH_PROBES * 1000, FRESH_PROBES * 1000 + between);
    expect(gauge.behind(FRESH_PROBES * 1000 + between)).toBe(false);
  });

  it('counts a probe still queued: what is read before it waited at least as long', () => {
    const gauge = new QueueGauge();
    gauge.sent(0);
    expect(gauge.behind(STALE_QUEUE_MS - 10)).toBe(false);
    expect(gauge.behind(STALE_QUEUE_MS + 10)).toBe(true);
  });

  it('forgets a probe that was lost once a later one comes back', () => {
    const gauge = new QueueGauge();
    gauge.sent(0);
    gauge.sent(100);
    gauge.returned(100, 110);
    expect(gauge.behind(1000)).toBe(false);
  });
});

describe('QueueProbe', { timeout: 30_000 }, () => {
  it('measures a socket’s queue with probes its other listeners never see', async () => {
    probe = new QueueProbe();
    const { socket, read } = await mediaSocket();
    probe.watch(socket);
    await until(() => probe?.sojourn(socket) !== null);
    expect(read).toEqual([]);
    expect(probe.behind(socket)).toBe(false);
  });

  it('takes no datagram from another socket for a probe, even one carrying its token', async () => {
    const token = Buffer.alloc(16, 7);
    probe = new QueueProbe({ token });
    const { socket, read } = await mediaSocket();
    probe.watch(socket);
    await until(() => probe?.sojourn(socket) !== null);
    // A probe's bytes, sent ten seconds ago as they claim: were it believed, the queue would be behind.
    const forged = Buffer.alloc(24);
    token.copy(forged);
    forged.writeDoubleBE(performance.now() - 10_000, 16);
    const { port } = socket.address();
    const foreignPort = await bound('127.0.0.1');
    foreignPort.send(forged, port, '127.0.0.1');
    // The probe's own port on another loopback address.
    const foreignAddress = await bound('127.0.0.2', await probe.ready());
    foreignAddress.send(forged, port, '127.0.0.1');
    await until(() => read.length === 2);
    expect(read.map(({ data }) => data.equals(forged))).toEqual([true, true]);
    expect(probe.sojourn(socket)).toBeLessThan(10_000);
    expect(probe.behind(socket)).toBe(false);
  });

  it('counts its thread’s stall, and takes the queue for current once a probe comes back soon', async () => {
    probe = new QueueProbe();
    const { socket } = await mediaSocket();
    probe.watch(socket);
    await until(() => probe?.sojourn(socket) !== null);
    // The thread reads nothing for twice the bound (as a starved unit): what it reads next waited.
    const from = performance.now();
    while (performance.now() < from + 2 * STALE_QUEUE_MS + 200) {
      // Busy.
    }
    expect(probe.behind(socket)).toBe(true);
    await until(() => probe?.behind(socket) === false);
  });
});
