import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IceServers } from '../../common/signaling/signal';
import { turnCredentials } from '../../server/src/routes/config';
import { deviceId, recordEvents, request, refusedWith, useHarness, waitFor } from './helpers';

const harness = useHarness();

describe('/metrics', () => {
  it('reports sockets, rooms, calls, devices and relayed messages in Prometheus text', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    await harness.device(address, deviceId('cy'), 'Cy');
    await request(ada.client, 'signal', { to: bob.client.id, data: { kind: 'candidate', candidate: null } });

    const response = await fetch(new URL('/metrics', address.url));
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^nearcast_sockets 3$/m);
    expect(text).toMatch(/^nearcast_rooms 1$/m);
    expect(text).toMatch(/^nearcast_calls 0$/m);
    expect(text).toMatch(/^nearcast_devices 1$/m);
    expect(text).toMatch(/^nearcast_relayed_messages_total\{kind="candidate"\} 1$/m);
  });

  it('keeps the figures of two servers in one process apart', async () => {
    const one = await harness.start();
    const two = await harness.start();
    await harness.connect(one.address);

    const text = await (await fetch(new URL('/metrics', two.address.url))).text();

    expect(text).toMatch(/^nearcast_sockets 0$/m);
  });
});

describe('shutdown', () => {
  it('tells every client server:shutdown before disconnecting it', async () => {
    const { server, address } = await harness.start();
    const { client } = await harness.joined(address, 'standup', 'Ada');
    const events = recordEvents(client);
    const gone = waitFor(client, 'disconnect');

    await server.close();

    // A transport close, not a server disconnect: socket.io-client reconnects by itself after a restart.
    await expect(gone).resolves.toBe('transport close');
    expect(events).toEqual([['server:shutdown', { reason: 'shutdown' }]]);
  });
});

describe('config:ice-servers', () => {
  it('is empty by default: a LAN needs no STUN or TURN', async () => {
    const { address } = await harness.start();
    const client = await harness.connect(address);

    expect(await request(client, 'config:ice-servers')).toEqual({
      ok: true,
      data: { iceServers: [], expiresAt: null },
    });
    expect(await request(client, 'config:ice-servers', {})).toEqual(refusedWith('INVALID_PAYLOAD'));
  });

  it('hands out configured servers and TURN REST credentials coturn can verify, tied to the device id', async () => {
    const now = Date.UTC(2026, 0, 1);
    const { address } = await harness.start({
      now: () => now,
      ice: {
        servers: [{ urls: ['stun:stun.example.lan:3478'] }],
        turn: { urls: ['turn:127.0.0.1:3478?transport=udp'], secret: 's3cret', ttlSeconds: 600 },
      },
    });
    const id = deviceId('ada');
    const client = await harness.device(address, id, 'Ada');

    const result = await request(client, 'config:ice-servers');

    const expiresAt = now / 1000 + 600;
    const username = `${expiresAt}:${id}`;
    const data = result.ok ? (result.data as IceServers) : null;
    expect(data).toEqual({
      iceServers: [
        { urls: ['stun:stun.example.lan:3478'] },
        {
          urls: ['turn:127.0.0.1:3478?transport=udp'],
          username,
          credential: createHmac('sha1', 's3cret').update(username).digest('base64'),
        },
      ],
      expiresAt,
    });
    expect(JSON.stringify(data)).not.toContain('s3cret');
  });

  it('uses the socket id for a client that never registered', async () => {
    const { address } = await harness.start({
      ice: { servers: [], turn: { urls: ['turn:127.0.0.1:3478'], secret: 'x', ttlSeconds: 60 } },
    });
    const client = await harness.connect(address);

    const result = await request(client, 'config:ice-servers');

    expect(result.ok && (result.data as IceServers).iceServers[0]?.username).toMatch(
      new RegExp(`:${client.id}$`),
    );
  });
});

describe('turnCredentials', () => {
  it('expires ttl seconds from now and signs exactly the username', () => {
    const issued = turnCredentials('key', 'dev-1', 3600, 1_000_000_500);

    expect(issued).toEqual({
      username: '1003600:dev-1',
      credential: createHmac('sha1', 'key').update('1003600:dev-1').digest('base64'),
      expiresAt: 1_003_600,
    });
  });
});
