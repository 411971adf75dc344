import { describe, expect, it } from 'vitest';
import type { DirectoryEntry, PresenceLeft } from '../../common/signaling/presence';
import {
  deviceId,
  flush,
  join,
  leave,
  recordEvents,
  request,
  refusedWith,
  useHarness,
  waitFor,
  type Client,
} from './helpers';
import { connectWithChallenge, newDeviceKey, proofFor } from './device-keys';

const harness = useHarness();

async function directory(client: Client): Promise<DirectoryEntry[]> {
  const result = await request(client, 'directory:list');
  if (!result.ok) throw new Error(`directory:list refused: ${result.error.code}`);
  return result.data as DirectoryEntry[];
}

describe('presence:register', () => {
  it('answers the entry, tells every connected client, and lists the device', async () => {
    const { address } = await harness.start();
    const watcher = await harness.connect(address);
    const ada = await harness.connect(address);
    const id = deviceId('ada');
    const told = waitFor<DirectoryEntry>(watcher, 'presence:updated');

    const result = await request(ada, 'presence:register', { deviceId: id, name: '  Ada ', status: 'busy' });

    const entry = { deviceId: id, name: 'Ada', status: 'busy' };
    expect(result).toEqual({ ok: true, data: entry });
    await expect(told).resolves.toEqual(entry);
    expect(await directory(watcher)).toEqual([entry]);
  });

  it('defaults the status to available, and registering again updates name and status in place', async () => {
    const { address } = await harness.start();
    const ada = await harness.connect(address);
    const id = deviceId('ada');

    expect(await request(ada, 'presence:register', { deviceId: id, name: 'Ada' })).toMatchObject({
      ok: true,
      data: { status: 'available' },
    });
    await request(ada, 'presence:register', { deviceId: id, name: 'Ada L.', status: 'busy' });

    expect(await directory(ada)).toEqual([{ deviceId: id, name: 'Ada L.', status: 'busy' }]);
  });

  const bad: [string, unknown][] = [
    ['a device id with spaces', { deviceId: 'not a device', name: 'Ada' }],
    ['a short device id', { deviceId: 'abc', name: 'Ada' }],
    ['an oversize device id', { deviceId: 'x'.repeat(65), name: 'Ada' }],
    ['an unknown status', { deviceId: 'device-12345', name: 'Ada', status: 'away' }],
    ['a missing name', { deviceId: 'device-12345' }],
    ['a string', 'Ada'],
  ];
  it.each(bad)('refuses %s with INVALID_PAYLOAD and lists nothing', async (_label, payload) => {
    const { address } = await harness.start();
    const client = await harness.connect(address);

    expect(await request(client, 'presence:register', payload)).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await directory(client)).toEqual([]);
  });

  it('registering under a new device id removes the old one from the directory', async () => {
    const { address } = await harness.start();
    const watcher = await harness.connect(address);
    const first = deviceId('first');
    const second = deviceId('second');
    const ada = await harness.device(address, first, 'Ada');
    const left = waitFor<PresenceLeft>(watcher, 'presence:left');

    await request(ada, 'presence:register', { deviceId: second, name: 'Ada' });

    await expect(left).resolves.toEqual({ deviceId: first });
    expect((await directory(watcher)).map((e) => e.deviceId)).toEqual([second]);
  });
});

describe('directory membership equals live sockets', () => {
  it('a registration in the handshake is listed at once, and a disconnect says presence:left', async () => {
    const { server, address } = await harness.start();
    const watcher = await harness.connect(address);
    const id = deviceId('ada');
    const ada = await harness.device(address, id, 'Ada');
    expect(await directory(watcher)).toEqual([{ deviceId: id, name: 'Ada', status: 'available' }]);
    const left = waitFor<PresenceLeft>(watcher, 'presence:left');

    ada.disconnect();

    await expect(left).resolves.toEqual({ deviceId: id });
    expect(await directory(watcher)).toEqual([]);
    expect(server.stats().devices).toBe(0);
  });

  it('a second socket proving the same device key replaces the first: no duplicate, no ghost', async () => {
    const { server, address } = await harness.start();
    const watcher = await harness.connect(address);
    const key = newDeviceKey();
    const id = key.deviceId;
    const first = await connectWithChallenge(address);
    const laptop = first.client;
    await request(laptop, 'presence:register', {
      deviceId: id,
      name: 'Ada',
      proof: proofFor(key, first.challenge),
    });
    const replaced = waitFor<PresenceLeft>(laptop, 'presence:replaced');
    const closed = waitFor(laptop, 'disconnect');
    const events = recordEvents(watcher);

    const second = await connectWithChallenge(address);
    const again = second.client;
    await request(again, 'presence:register', {
      deviceId: id,
      name: 'Ada (again)',
      proof: proofFor(key, second.challenge),
    });

    await expect(replaced).resolves.toEqual({ deviceId: id });
    await expect(closed).resolves.toBe('io server disconnect');
    expect(await directory(watcher)).toEqual([{ deviceId: id, name: 'Ada (again)', status: 'available' }]);
    await flush(watcher);
    expect(events.filter(([event]) => event === 'presence:left')).toEqual([]);
    expect(again.connected).toBe(true);
    expect(server.stats()).toMatchObject({ sockets: 2, devices: 1 });
  });

  it('is in-call while in a room and back to the chosen status after leaving', async () => {
    const { address } = await harness.start();
    const watcher = await harness.connect(address);
    const id = deviceId('ada');
    const ada = await harness.connect(address, { presence: { deviceId: id, name: 'Ada', status: 'busy' } });

    const inCall = waitFor<DirectoryEntry>(watcher, 'presence:updated', (e) => e.status === 'in-call');
    await join(ada, 'standup', 'Ada');
    await expect(inCall).resolves.toEqual({ deviceId: id, name: 'Ada', status: 'in-call' });

    const back = waitFor<DirectoryEntry>(watcher, 'presence:updated', (e) => e.status === 'busy');
    await leave(ada);
    await expect(back).resolves.toEqual({ deviceId: id, name: 'Ada', status: 'busy' });
  });
});

describe('directory:list', () => {
  it('refuses a payload in front of the ack', async () => {
    const { address } = await harness.start();
    const client = await harness.connect(address);

    expect(await request(client, 'directory:list', { all: true })).toEqual(refusedWith('INVALID_PAYLOAD'));
  });
});
