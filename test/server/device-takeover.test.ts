/**
 * Device ids are public (the directory lists them). Registering one proves possession of its device
 * key on this very connection, so nobody can take over another's device and answer its calls.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../common/signaling/presence';
import { deviceId, flush, recordEvents, refusedWith, request, useHarness } from './helpers';
import { connectWithChallenge, newDeviceKey, proofFor } from './device-keys';

const harness = useHarness();

describe('a device id held by a keyed device', () => {
  it('cannot be taken over by a registration without its key: the victim stays, the attacker is refused', async () => {
    const { address } = await harness.start();
    const key = newDeviceKey();
    const victim = await connectWithChallenge(address);
    const registered = await request(victim.client, 'presence:register', {
      deviceId: key.deviceId,
      name: 'Ada',
      proof: proofFor(key, victim.challenge),
    });
    expect(registered).toEqual({
      ok: true,
      data: { deviceId: key.deviceId, name: 'Ada', status: 'available' },
    });
    const victimEvents = recordEvents(victim.client);

    const attacker = await harness.connect(address);
    const takeover = await request(attacker, 'presence:register', { deviceId: key.deviceId, name: 'Ada' });

    expect(takeover).toEqual(refusedWith('NOT_ALLOWED'));
    await flush(victim.client);
    expect(victimEvents.filter(([event]) => event === 'presence:replaced')).toEqual([]);
    expect(victim.client.connected).toBe(true);
    const listed = await request(attacker, 'directory:list');
    expect(listed).toEqual({
      ok: true,
      data: [{ deviceId: key.deviceId, name: 'Ada', status: 'available' }],
    });
  });

  it('refuses a proof replayed from another connection', async () => {
    const { address } = await harness.start();
    const key = newDeviceKey();
    const victim = await connectWithChallenge(address);
    const proof = proofFor(key, victim.challenge);
    await request(victim.client, 'presence:register', { deviceId: key.deviceId, name: 'Ada', proof });

    const attacker = await connectWithChallenge(address);
    expect(
      await request(attacker.client, 'presence:register', { deviceId: key.deviceId, name: 'Ada', proof }),
    ).toEqual(refusedWith('NOT_ALLOWED'));
    expect(victim.client.connected).toBe(true);
  });

  it('refuses the attacker’s own valid key for the victim’s id, even while the victim is away', async () => {
    const { address } = await harness.start();
    const victimKey = newDeviceKey();
    const attackerKey = newDeviceKey();
    const attacker = await connectWithChallenge(address);

    expect(
      await request(attacker.client, 'presence:register', {
        deviceId: victimKey.deviceId,
        name: 'Ada',
        proof: proofFor(attackerKey, attacker.challenge),
      }),
    ).toEqual(refusedWith('NOT_ALLOWED'));
    expect(
      await request(attacker.client, 'presence:register', { deviceId: victimKey.deviceId, name: 'Ada' }),
    ).toEqual(refusedWith('NOT_ALLOWED'));
    expect(await request(attacker.client, 'directory:list')).toEqual({ ok: true, data: [] });
  });

  it('moves to a new connection proven with the same key, which replaces the older one as before', async () => {
    const { server, address } = await harness.start();
    const key = newDeviceKey();
    const laptop = await connectWithChallenge(address);
    await request(laptop.client, 'presence:register', {
      deviceId: key.deviceId,
      name: 'Ada',
      proof: proofFor(key, laptop.challenge),
    });
    const events = recordEvents(laptop.client);
    const closed = new Promise<void>((resolve) => laptop.client.once('disconnect', () => resolve()));

    const again = await connectWithChallenge(address);
    const result = await request(again.client, 'presence:register', {
      deviceId: key.deviceId,
      name: 'Ada (again)',
      proof: proofFor(key, again.challenge),
    });

    expect(result).toMatchObject({ ok: true, data: { name: 'Ada (again)' } });
    await closed;
    expect(events).toContainEqual(['presence:replaced', { deviceId: key.deviceId }]);
    expect(server.stats()).toMatchObject({ devices: 1 });
  });

  it('refuses a keyed id in the handshake, where no challenge exists yet', async () => {
    const { address } = await harness.start();
    const key = newDeviceKey();
    const error = await harness.refused(address, { presence: { deviceId: key.deviceId, name: 'Ada' } });
    expect(error.data).toMatchObject({ code: 'INVALID_PAYLOAD' });
  });
});

describe('an unverified guest (no device key)', () => {
  it('registers an unkeyed id, but never displaces another connection holding it', async () => {
    const { address } = await harness.start();
    const id = deviceId('guest');
    const guest = await harness.device(address, id, 'Guest');
    const events = recordEvents(guest);

    const other = await harness.connect(address);
    expect(await request(other, 'presence:register', { deviceId: id, name: 'Mallory' })).toEqual(
      refusedWith('NOT_ALLOWED'),
    );
    const late = await harness.connect(address, { presence: { deviceId: id, name: 'Mallory' } });

    await flush(guest);
    expect(events.filter(([event]) => event === 'presence:replaced')).toEqual([]);
    expect(guest.connected).toBe(true);
    const listed = (await request(late, 'directory:list')) as { ok: true; data: DirectoryEntry[] };
    expect(listed.data).toEqual([{ deviceId: id, name: 'Guest', status: 'available' }]);
  });
});
