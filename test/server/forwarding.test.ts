import { describe, expect, it } from 'vitest';
import type { JoinedRoom } from '../../common/signaling/room';
import type { RoomModeChanged } from '../../common/signaling/unit';
import type { SignalingServerOptions } from '../../server/src/index';
import { FakeForwardingUnit } from '../fakes/forwarding-unit';
import {
  deviceId,
  flush,
  join,
  leave,
  recordEvents,
  refusedWith,
  request,
  useHarness,
  waitFor,
  type Client,
} from './helpers';

const harness = useHarness();

/** A server with a forwarding unit seam; the registry, routes and sockets are the real ones. */
async function withUnit(forwarding: Partial<NonNullable<SignalingServerOptions['forwarding']>> = {}) {
  const unit = new FakeForwardingUnit();
  const started = await harness.start({
    forwarding: { unit, ...forwarding },
    limits: { connectionsPerAddress: 100 },
  });
  return { unit, ...started };
}

/** Joins with the presentation flag. */
async function present(client: Client, room: string, name: string): Promise<JoinedRoom> {
  const result = await request(client, 'room:join', { room, name, present: true });
  if (!result.ok) throw new Error(`join refused: ${result.error.code}`);
  return result.data as JoinedRoom;
}

describe('a room switches to the forwarding unit', () => {
  it('at the fifth joiner: the four earlier members hear room:mode, the fifth is told in its answer', async () => {
    const { unit, address } = await withUnit();
    const early = [];
    for (const name of ['Ada', 'Bob', 'Cy', 'Dee']) {
      const member = await harness.joined(address, 'all-hands', name);
      expect(member.joined.mode).toBe('mesh');
      early.push(member.client);
    }
    expect(unit.memberships()).toEqual([]);
    const told = early.map((client) => waitFor<RoomModeChanged>(client, 'room:mode'));

    const eve = await harness.joined(address, 'all-hands', 'Eve');

    expect(eve.joined.mode).toBe('forwarded');
    for (const heard of told) await expect(heard).resolves.toEqual({ mode: 'forwarded' });
    // Everyone already there first, then the joiner.
    expect(unit.memberships()).toEqual([...early, eve.client].map((client) => `join all-hands ${client.id}`));
    const fay = await harness.joined(address, 'all-hands', 'Fay');
    expect(fay.joined.mode).toBe('forwarded');
    expect(unit.memberships().at(-1)).toBe(`join all-hands ${fay.client.id}`);
  });

  it('never by size with switchAbove 0, but still above the mesh capacity', async () => {
    const { unit, address } = await withUnit({ switchAbove: 0 });
    const members: Client[] = [];
    for (let i = 0; i < 8; i += 1) {
      const member = await harness.joined(address, 'lab', `P${i}`);
      expect(member.joined.mode).toBe('mesh');
      members.push(member.client);
    }
    const ninth = await harness.joined(address, 'lab', 'P8');
    expect(ninth.joined.mode).toBe('forwarded');
    expect(unit.memberships()).toHaveLength(9);
  });

  it('from the start when its creator presents; a later joiner cannot make a mesh room present', async () => {
    const { unit, address } = await withUnit();
    const ada = await harness.connect(address);
    expect((await present(ada, 'lecture', 'Ada')).mode).toBe('forwarded');
    const bob = await harness.connect(address);
    expect((await present(bob, 'lecture', 'Bob')).mode).toBe('forwarded');
    expect(unit.memberships()).toEqual([`join lecture ${ada.id}`, `join lecture ${bob.id}`]);

    await harness.joined(address, 'standup', 'Cy');
    const dee = await harness.connect(address);
    expect((await present(dee, 'standup', 'Dee')).mode).toBe('mesh');
  });

  it('and stays forwarded until it empties; then the room starts afresh as a mesh', async () => {
    const { unit, address } = await withUnit({ switchAbove: 1 });
    const ada = await harness.joined(address, 'retro', 'Ada');
    const bob = await harness.joined(address, 'retro', 'Bob');
    expect(bob.joined.mode).toBe('forwarded');
    const adaEvents = recordEvents(ada.client);

    await leave(bob.client);
    await flush(ada.client);
    expect(adaEvents).toEqual([['peer:left', { id: bob.client.id }]]);
    await leave(ada.client);
    expect(unit.memberships().slice(-2)).toEqual([
      `leave retro ${bob.client.id}`,
      `leave retro ${ada.client.id}`,
    ]);

    const again = await join(ada.client, 'retro', 'Ada');
    expect(again.ok && again.data.mode).toBe('mesh');
  });
});

describe('capacity by mode', () => {
  it('a forwarded room holds 50, a mesh room 8', async () => {
    const { address } = await withUnit();
    const creator = await harness.connect(address);
    await present(creator, 'town-hall', 'Host');
    for (let i = 1; i < 50; i += 1) await harness.joined(address, 'town-hall', `Guest ${i}`);
    const late = await harness.connect(address);
    expect(await join(late, 'town-hall', 'Late')).toEqual(refusedWith('ROOM_FULL'));
  });

  it('without a unit, rooms stay a mesh of 8 and `present` is ignored', async () => {
    const { address } = await harness.start();
    const ada = await harness.connect(address);
    expect((await present(ada, 'lecture', 'Ada')).mode).toBe('mesh');
    const events = recordEvents(ada);
    for (let i = 1; i < 8; i += 1) {
      expect((await harness.joined(address, 'lecture', `P${i}`)).joined.mode).toBe('mesh');
    }
    const ninth = await harness.connect(address);
    expect(await join(ninth, 'lecture', 'P8')).toEqual(refusedWith('ROOM_FULL'));
    await flush(ada);
    expect(events.filter(([event]) => event === 'room:mode')).toEqual([]);
  });
});

describe('the unit hears of every departure from a forwarded room', () => {
  it('leave, removal and disconnection', async () => {
    const { unit, address } = await withUnit({ switchAbove: 1 });
    const ada = await harness.joined(address, 'ops', 'Ada');
    const bob = await harness.joined(address, 'ops', 'Bob');
    const cy = await harness.joined(address, 'ops', 'Cy');
    const dee = await harness.joined(address, 'ops', 'Dee');
    // Read now: a disconnected client forgets its id.
    const [bobId, cyId, deeId] = [bob.client.id, cy.client.id, dee.client.id];
    const cyGone = waitFor(ada.client, 'peer:left', (left: { id: string }) => left.id === cyId);

    await leave(bob.client);
    expect(await request(ada.client, 'room:remove', { peerId: dee.client.id })).toEqual({
      ok: true,
      data: null,
    });
    cy.client.disconnect();
    await cyGone;

    expect(unit.memberships().filter((line) => line.startsWith('leave'))).toEqual([
      `leave ops ${bobId}`,
      `leave ops ${deeId}`,
      `leave ops ${cyId}`,
    ]);
  });

  it('but not of joins and departures of a mesh room or a call, even with switchAbove 1', async () => {
    const { unit, address } = await withUnit({ switchAbove: 1 });
    const ada = await harness.joined(address, 'small', 'Ada');
    await leave(ada.client);
    const callerId = deviceId('caller');
    const caller = await harness.device(address, callerId, 'Caller');
    const callees = await Promise.all(
      ['one', 'two'].map(async (label) => {
        const id = deviceId(label);
        return { id, client: await harness.device(address, id, label) };
      }),
    );

    const invited = await request(caller, 'call:invite', { to: callees.map((c) => c.id) });
    if (!invited.ok) throw new Error(invited.error.code);
    const { callId } = invited.data as { callId: string };
    for (const callee of callees) {
      expect(await request(callee.client, 'call:accept', { callId })).toMatchObject({ ok: true });
    }
    for (const client of [caller, ...callees.map((c) => c.client)]) await leave(client);

    expect(unit.memberships()).toEqual([]);
  });
});
