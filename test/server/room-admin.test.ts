import { describe, expect, it } from 'vitest';
import type { JoinedRoom } from '../../common/signaling/room';
import {
  flush,
  leave,
  offer,
  recordEvents,
  request,
  refusedWith,
  useHarness,
  waitFor,
  type Client,
} from './helpers';
import type { ListeningAddress } from '../../server/src/index';

const harness = useHarness();

async function joinWith(client: Client, room: string, name: string, pin?: string) {
  return request(client, 'room:join', { room, name, pin });
}

async function creatorAndGuest(address: ListeningAddress): Promise<{ ada: Client; bob: Client }> {
  const ada = await harness.connect(address);
  const bob = await harness.connect(address);
  await joinWith(ada, 'standup', 'Ada');
  await joinWith(bob, 'standup', 'Bob');
  return { ada, bob };
}

describe('room PIN', () => {
  it('is set by the first joiner; later joiners need it, and a wrong or missing PIN says so', async () => {
    const { address } = await harness.start();
    const ada = await harness.connect(address);
    const bob = await harness.connect(address);
    expect(await joinWith(ada, 'standup', 'Ada', '2468')).toMatchObject({ ok: true });
    const events = recordEvents(ada);

    expect(await joinWith(bob, 'standup', 'Bob')).toEqual({
      ok: false,
      error: { code: 'WRONG_PIN', message: 'This room needs a PIN. Ask someone inside for it.' },
    });
    expect(await joinWith(bob, 'standup', 'Bob', '2469')).toEqual({
      ok: false,
      error: { code: 'WRONG_PIN', message: 'That PIN is not right for this room.' },
    });
    expect(await joinWith(bob, 'standup', 'Bob', '24680')).toEqual(refusedWith('WRONG_PIN'));
    await flush(ada);
    // No peer:joined for a refused join; the creator only hears of the two wrong PINs.
    expect(events).toEqual([
      ['room:pin-failures', { room: 'standup', count: 1 }],
      ['room:pin-failures', { room: 'standup', count: 2 }],
    ]);

    expect(await joinWith(bob, 'standup', 'Bob', '2468')).toMatchObject({ ok: true });
  });

  it('a room without a PIN ignores one given by a later joiner', async () => {
    const { address } = await harness.start();
    const { ada } = await creatorAndGuest(address);
    const cy = await harness.connect(address);

    expect(await joinWith(cy, 'standup', 'Cy', '9999')).toMatchObject({ ok: true });
    expect(await leave(ada)).toMatchObject({ ok: true });
  });

  it('is forgotten when the room empties', async () => {
    const { address } = await harness.start();
    const ada = await harness.connect(address);
    await joinWith(ada, 'standup', 'Ada', '2468');
    await leave(ada);

    expect(await joinWith(ada, 'standup', 'Ada')).toMatchObject({ ok: true });
  });

  it('refuses a PIN shorter than 4 or longer than 32 characters', async () => {
    const { address } = await harness.start();
    const ada = await harness.connect(address);

    expect(await joinWith(ada, 'standup', 'Ada', '12')).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await joinWith(ada, 'standup', 'Ada', '1'.repeat(33))).toEqual(refusedWith('INVALID_PAYLOAD'));
  });
});

describe('room capacity', () => {
  it('answers ROOM_FULL with the limit in words, and admits again once someone leaves', async () => {
    const { address } = await harness.start({ limits: { roomCapacity: 2 } });
    const { ada } = await creatorAndGuest(address);
    const cy = await harness.connect(address);

    expect(await joinWith(cy, 'standup', 'Cy')).toEqual({
      ok: false,
      error: { code: 'ROOM_FULL', message: 'This room is full: it holds at most 2 people.' },
    });
    await leave(ada);
    expect(await joinWith(cy, 'standup', 'Cy')).toMatchObject({ ok: true });
  });

  it('defaults to 8 people', async () => {
    const { address } = await harness.start();
    for (let i = 0; i < 8; i += 1) {
      expect(await joinWith(await harness.connect(address), 'standup', `P${i}`)).toMatchObject({ ok: true });
    }
    expect(await joinWith(await harness.connect(address), 'standup', 'P9')).toEqual(refusedWith('ROOM_FULL'));
  });
});

describe('room:lock', () => {
  it('the creator locks (ROOM_LOCKED for newcomers) and unlocks', async () => {
    const { address } = await harness.start();
    const { ada } = await creatorAndGuest(address);
    const cy = await harness.connect(address);

    expect(await request(ada, 'room:lock', { locked: true })).toEqual({ ok: true, data: null });
    expect(await joinWith(cy, 'standup', 'Cy')).toEqual(refusedWith('ROOM_LOCKED'));
    expect(await request(ada, 'room:lock', { locked: false })).toEqual({ ok: true, data: null });
    expect(await joinWith(cy, 'standup', 'Cy')).toMatchObject({ ok: true });
  });

  it('NOT_ALLOWED for anyone but the creator, NOT_IN_ROOM outside a room, INVALID_PAYLOAD for a bad flag', async () => {
    const { address } = await harness.start();
    const { ada, bob } = await creatorAndGuest(address);
    const cy = await harness.connect(address);

    expect(await request(bob, 'room:lock', { locked: true })).toEqual({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: 'Only the host of the room can do that.' },
    });
    expect(await request(cy, 'room:lock', { locked: true })).toEqual(refusedWith('NOT_IN_ROOM'));
    expect(await request(ada, 'room:lock', { locked: 'yes' })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await joinWith(cy, 'standup', 'Cy')).toMatchObject({ ok: true });
  });

  it('passes to the oldest member when the creator leaves', async () => {
    const { address } = await harness.start();
    const { ada, bob } = await creatorAndGuest(address);

    await leave(ada);

    expect(await request(bob, 'room:lock', { locked: true })).toEqual({ ok: true, data: null });
  });
});

describe('room:remove', () => {
  it('the removed peer gets room:removed, the others peer:left, and the removed peer is out', async () => {
    const { server, address } = await harness.start();
    const { ada, bob } = await creatorAndGuest(address);
    const cy = await harness.connect(address);
    await joinWith(cy, 'standup', 'Cy');
    const removed = waitFor(bob, 'room:removed');
    const cySees = waitFor(cy, 'peer:left');

    expect(await request(ada, 'room:remove', { peerId: bob.id })).toEqual({ ok: true, data: null });

    await expect(removed).resolves.toEqual({ room: 'standup' });
    await expect(cySees).resolves.toEqual({ id: bob.id });
    expect(await request(bob, 'signal', { to: ada.id, data: offer() })).toEqual(refusedWith('NOT_IN_ROOM'));
    expect(bob.connected).toBe(true);
    expect(server.stats().rooms).toBe(1);
    const rejoined = await joinWith(bob, 'standup', 'Bob');
    expect(rejoined.ok && (rejoined.data as JoinedRoom).peers.map((p) => p.name)).toEqual(['Ada', 'Cy']);
  });

  it('NOT_ALLOWED for a guest, PEER_NOT_FOUND for someone elsewhere, INVALID_PAYLOAD for yourself', async () => {
    const { address } = await harness.start();
    const { ada, bob } = await creatorAndGuest(address);
    const eve = await harness.connect(address);
    await joinWith(eve, 'retro', 'Eve');

    expect(await request(bob, 'room:remove', { peerId: ada.id })).toEqual(refusedWith('NOT_ALLOWED'));
    expect(await request(ada, 'room:remove', { peerId: eve.id })).toEqual(refusedWith('PEER_NOT_FOUND'));
    expect(await request(ada, 'room:remove', { peerId: ada.id })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await request(ada, 'room:remove', {})).toEqual(refusedWith('INVALID_PAYLOAD'));
  });
});
