import { describe, expect, it } from 'vitest';
import type { JoinedRoom, RoomState } from '../../common/signaling/room';
import { flush, join, leave, recordEvents, refusedWith, request, useHarness, waitFor } from './helpers';

const harness = useHarness();

/** Ada creates "standup", then Bob and Cy join it. */
async function standup() {
  const { address } = await harness.start();
  const ada = await harness.joined(address, 'standup', 'Ada');
  const bob = await harness.joined(address, 'standup', 'Bob');
  const cy = await harness.joined(address, 'standup', 'Cy');
  return { address, ada: ada.client, bob: bob.client, cy: cy.client, joined: cy.joined };
}

describe('the room host', () => {
  it('is named in every join answer, with the lock', async () => {
    const { ada, bob, joined } = await standup();

    expect(joined).toMatchObject({ host: ada.id, locked: false });
    await request(ada, 'room:lock', { locked: true });
    await request(ada, 'room:lock', { locked: false });
    await leave(bob);
    const again = await join(bob, 'standup', 'Bob');
    expect(again.ok && (again.data as JoinedRoom)).toMatchObject({ host: ada.id, locked: false });
  });

  it('passes to the oldest member when the host leaves, and every member is told', async () => {
    const { ada, bob, cy } = await standup();
    const bobHears = waitFor<RoomState>(bob, 'room:updated');
    const cyHears = waitFor<RoomState>(cy, 'room:updated');

    await leave(ada);

    await expect(bobHears).resolves.toEqual({ host: bob.id, locked: false });
    await expect(cyHears).resolves.toEqual({ host: bob.id, locked: false });
  });

  it('tells nobody anything when someone else leaves', async () => {
    const { ada, bob, cy } = await standup();
    const events = recordEvents(bob);

    await leave(cy);
    await flush(bob);

    expect(events).toEqual([['peer:left', { id: cy.id }]]);
    expect(ada.connected).toBe(true);
  });
});

describe('room:lock tells the room', () => {
  it('every member, the host included, hears room:updated; a newcomer is refused', async () => {
    const { address, ada, bob, cy } = await standup();
    const heard = [ada, bob, cy].map((client) => waitFor<RoomState>(client, 'room:updated'));

    expect(await request(ada, 'room:lock', { locked: true })).toEqual({ ok: true, data: null });

    for (const state of heard) await expect(state).resolves.toEqual({ host: ada.id, locked: true });
    const dee = await harness.connect(address);
    expect(await join(dee, 'standup', 'Dee')).toEqual(refusedWith('ROOM_LOCKED'));
  });
});

describe('room:ask-unmute', () => {
  it('the host asks one member, who is told who asked; nobody else hears of it', async () => {
    const { ada, bob, cy } = await standup();
    const asked = waitFor(bob, 'room:unmute-asked');
    const cyEvents = recordEvents(cy);

    expect(await request(ada, 'room:ask-unmute', { peerId: bob.id })).toEqual({ ok: true, data: null });

    await expect(asked).resolves.toEqual({ from: ada.id });
    await flush(cy);
    expect(cyEvents).toEqual([]);
  });

  it('is refused from anyone but the host, and for yourself, a stranger or a bad payload', async () => {
    const { address, ada, bob, cy } = await standup();
    const eve = await harness.joined(address, 'retro', 'Eve');
    const events = recordEvents(cy);

    expect(await request(bob, 'room:ask-unmute', { peerId: cy.id })).toEqual({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: 'Only the host of the room can do that.' },
    });
    expect(await request(ada, 'room:ask-unmute', { peerId: ada.id })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await request(ada, 'room:ask-unmute', { peerId: eve.client.id })).toEqual(
      refusedWith('PEER_NOT_FOUND'),
    );
    expect(await request(ada, 'room:ask-unmute', { peerId: 7 })).toEqual(refusedWith('INVALID_PAYLOAD'));
    expect(await request(eve.client, 'room:ask-unmute', { peerId: cy.id })).toEqual(
      refusedWith('PEER_NOT_FOUND'),
    );
    await flush(cy);
    expect(events).toEqual([]);
  });

  it('asks the same person once in a while: a second ask at once is RATE_LIMITED with the wait', async () => {
    const { ada, bob, cy } = await standup();
    const events = recordEvents(bob);

    expect(await request(ada, 'room:ask-unmute', { peerId: bob.id })).toEqual({ ok: true, data: null });
    const again = await request(ada, 'room:ask-unmute', { peerId: bob.id });
    // Someone else may still be asked.
    expect(await request(ada, 'room:ask-unmute', { peerId: cy.id })).toEqual({ ok: true, data: null });

    expect(again).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const wait = again.ok ? 0 : (again.error.retryAfterMs ?? 0);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10_000);
    await flush(bob);
    expect(events).toEqual([['room:unmute-asked', { from: ada.id }]]);
  });
});
