import { connect, createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../common/result';
import { createSignalingServer } from '../../server/src/index';
import { useHarness, waitFor } from './helpers';

const harness = useHarness();
const blockers: Server[] = [];
const rawSockets: Socket[] = [];

afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
  await Promise.all(blockers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function occupyPort(): Promise<number> {
  const blocker = createServer();
  blockers.push(blocker);
  return new Promise((resolve) => {
    blocker.listen(0, '127.0.0.1', () => {
      const address = blocker.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe('listen', () => {
  it('reports the real port and a URL a browser can open', async () => {
    const { address } = await harness.start();

    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(address.url).toBe(`http://127.0.0.1:${address.port}/`);
  });

  it('rejects with CodedError EADDRINUSE when the port is taken', async () => {
    const port = await occupyPort();
    const server = createSignalingServer({ host: '127.0.0.1', port, logger: pino({ level: 'silent' }) });

    const error = await server.listen().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'EADDRINUSE', message: `Port ${port} is already in use.` });
    await server.close();
  });

  it('returns the same address when called twice', async () => {
    const { server, address } = await harness.start();

    expect(await server.listen()).toEqual(address);
  });
});

describe('close', () => {
  it('disconnects every client and stops accepting connections; calling it again is harmless', async () => {
    const { server, address } = await harness.start();
    const { client } = await harness.joined(address, 'standup', 'Ada');
    const gone = waitFor(client, 'disconnect');

    await server.close();
    await server.close();

    await gone;
    await expect(fetch(new URL('/healthz', address.url))).rejects.toThrow();
    await expect(server.listen()).rejects.toMatchObject({ code: 'SERVER_CLOSED' });
  });

  it('does not wait forever for a client that stopped answering', async () => {
    const { server, address } = await harness.start();
    // A WebSocket handshake by hand, then silence: this client will never answer the close frame.
    const mute = connect(address.port, '127.0.0.1');
    rawSockets.push(mute);
    const upgraded = new Promise<void>((resolve) => mute.on('data', () => resolve()));
    mute.write(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${address.port}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await upgraded;
    const closedByServer = new Promise<void>((resolve) => mute.once('close', () => resolve()));

    // Without the server's own grace period this waits for ws's 30 s close timeout and the test times out.
    await server.close();

    await closedByServer;
    expect(mute.destroyed).toBe(true);
  });

  it('works on a server that never listened', async () => {
    const server = createSignalingServer({ host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });

    await expect(server.close()).resolves.toBeUndefined();
  });
});
