/**
 * releaseFlushedBuffers: once Engine.IO has written a flushed buffer, the buffer no longer holds the
 * packets, so a quiet socket's old buffer cannot keep relayed messages alive through young collections
 * (the cause of Nearcast's promoted-garbage rate in docs/PERFORMANCE.md). Real Socket.IO server and client.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseFlushedBuffers } from '../../server/src/transport/write-buffers';

const servers: Server[] = [];
const clients: Socket[] = [];

afterEach(async () => {
  clients.splice(0).forEach((client) => client.disconnect());
  await Promise.all(servers.splice(0).map((io) => io.close()));
});

/** A server that sends three messages to each client, and every buffer Engine.IO flushed meanwhile. */
async function sendThree(release: boolean): Promise<{ received: string[]; flushed: unknown[][] }> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  servers.push(io);
  if (release) releaseFlushedBuffers(io.engine);
  const flushed: unknown[][] = [];
  io.engine.on('flush', (_socket: unknown, buffer: unknown[]) => flushed.push(buffer));
  io.on('connection', (socket) => {
    for (const text of ['one', 'two', 'three']) socket.emit('note', text);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = connectSocket(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
    transports: ['websocket'],
    forceNew: true,
  });
  clients.push(client);
  const received: string[] = [];
  await new Promise<void>((resolve) =>
    client.on('note', (text: string) => {
      received.push(text);
      if (received.length === 3) resolve();
    }),
  );
  return { received, flushed };
}

describe('flushed write buffers', () => {
  it('Engine.IO alone leaves the written packets in the buffer it flushed', async () => {
    const { flushed } = await sendThree(false);
    expect(flushed.flat().length).toBeGreaterThanOrEqual(3);
  });

  it('are emptied once written, and every message still arrives whole and in order', async () => {
    const { received, flushed } = await sendThree(true);
    expect(received).toEqual(['one', 'two', 'three']);
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed.every((buffer) => buffer.length === 0)).toBe(true);
  });
});
