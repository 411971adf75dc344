import { io as connectSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../common/signaling/presence';
import type { RelayedSignal } from '../../common/signaling/signal';
import type { ListeningAddress } from '../../server/src/index';
import { deviceId, join, offer, recordEvents, request, useHarness, waitFor, type Client } from './helpers';

const harness = useHarness();
const reconnecting: Client[] = [];

afterEach(() => {
  for (const client of reconnecting.splice(0)) client.disconnect();
});

/** A client that reconnects by itself, as the web client does. */
async function resilient(address: ListeningAddress, auth?: Record<string, unknown>): Promise<Client> {
  const client: Client = connectSocket(address.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 200,
    ...(auth ? { auth } : {}),
  });
  reconnecting.push(client);
  await waitFor(client, 'connect');
  return client;
}

describe('connection state recovery', () => {
  it('a short drop keeps id and room, the others see nothing, and a signal sent meanwhile arrives', async () => {
    const { server, address } = await harness.start({ recoveryWindowMs: 5_000 });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await resilient(address);
    await join(bob, 'standup', 'Bob');
    const bobId = bob.id ?? '';
    const adaEvents = recordEvents(ada.client);
    const back = waitFor(bob, 'connect');

    bob.io.engine.close();
    await expect.poll(() => server.io.sockets.sockets.has(bobId)).toBe(false);
    const relayed = waitFor<RelayedSignal>(bob, 'signal');
    expect(await request(ada.client, 'signal', { to: bobId, data: offer('while away') })).toEqual({
      ok: true,
      data: null,
    });

    await back;
    expect(bob.recovered).toBe(true);
    expect(bob.id).toBe(bobId);
    await expect(relayed).resolves.toEqual({ from: ada.client.id, data: offer('while away') });
    const toAda = waitFor<RelayedSignal>(ada.client, 'signal');
    expect(await request(bob, 'signal', { to: ada.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(toAda).resolves.toMatchObject({ from: bobId });
    expect(adaEvents.filter(([event]) => event === 'peer:left')).toEqual([]);
  });

  it('a client that does not come back within the window is cleaned up like any disconnect', async () => {
    const { server, address } = await harness.start({ recoveryWindowMs: 300 });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address, { presence: { deviceId: deviceId('bob'), name: 'Bob' } });
    await join(bob, 'standup', 'Bob');
    const bobId = bob.id;
    const started = Date.now();
    const left = waitFor(ada.client, 'peer:left');

    bob.io.engine.close();

    await expect(left).resolves.toEqual({ id: bobId });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect.poll(() => server.stats()).toMatchObject({ sockets: 1, rooms: 1, devices: 0 });
  });

  it('without a window (the default) a drop is an immediate disconnect, as in v0', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await resilient(address);
    await join(bob, 'standup', 'Bob');
    const bobId = bob.id;
    const left = waitFor(ada.client, 'peer:left');
    const back = waitFor(bob, 'connect');

    bob.io.engine.close();

    await expect(left).resolves.toEqual({ id: bobId });
    await back;
    expect(bob.recovered).toBeFalsy();
    expect(bob.id).not.toBe(bobId);
  });
});

describe('server restart', () => {
  it('clients that reconnect rebuild the directory: no duplicate, no ghost', async () => {
    const first = await harness.start();
    const id = deviceId('ada');
    const ada = await resilient(first.address, { presence: { deviceId: id, name: 'Ada' } });
    const bob = await resilient(first.address, { presence: { deviceId: deviceId('bob'), name: 'Bob' } });
    await join(bob, 'standup', 'Bob');
    const adaBack = waitFor(ada, 'connect');
    const bobBack = waitFor(bob, 'connect');

    await first.server.close();
    const second = await harness.start({ port: first.address.port });
    await adaBack;
    await bobBack;
    bob.disconnect();

    await expect
      .poll(async () => {
        const result = await request(ada, 'directory:list');
        return result.ok ? (result.data as DirectoryEntry[]) : null;
      })
      .toEqual([{ deviceId: id, name: 'Ada', status: 'available' }]);
    expect(second.server.stats()).toMatchObject({ rooms: 0, devices: 1 });
    ada.disconnect();
    await expect.poll(() => second.server.stats()).toEqual({ sockets: 0, rooms: 0, calls: 0, devices: 0 });
  });
});
