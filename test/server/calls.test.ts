import { describe, expect, it } from 'vitest';
import type { CallEnded, CallInvited, CallJoined, CallRinging } from '../../common/signaling/call';
import type { DirectoryEntry } from '../../common/signaling/presence';
import type { JoinedRoom } from '../../common/signaling/room';
import type { RelayedSignal } from '../../common/signaling/signal';
import type { ListeningAddress } from '../../server/src/index';
import {
  deviceId,
  flush,
  join,
  leave,
  offer,
  recordEvents,
  request,
  refusedWith,
  useHarness,
  waitFor,
  type Client,
} from './helpers';

const harness = useHarness();

interface Person {
  client: Client;
  deviceId: string;
  name: string;
}

async function person(address: ListeningAddress, name: string): Promise<Person> {
  const id = deviceId(name.toLowerCase());
  return { client: await harness.device(address, id, name), deviceId: id, name };
}

async function invite(from: Person, to: Person[], callId?: string): Promise<CallInvited> {
  const result = await request(from.client, 'call:invite', { to: to.map((p) => p.deviceId), callId });
  if (!result.ok) throw new Error(`call:invite refused: ${result.error.code}`);
  return result.data as CallInvited;
}

async function accept(who: Person, callId: string): Promise<CallJoined> {
  const result = await request(who.client, 'call:accept', { callId });
  if (!result.ok) throw new Error(`call:accept refused: ${result.error.code}`);
  return result.data as CallJoined;
}

async function statusOf(client: Client, id: string): Promise<string | undefined> {
  const result = await request(client, 'directory:list');
  return (result.ok ? (result.data as DirectoryEntry[]) : []).find((e) => e.deviceId === id)?.status;
}

describe('a call from invite to media negotiation', () => {
  it('rings the callee, lands both in a private room where signals relay both ways, and marks both in-call', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const ringing = waitFor<CallRinging>(bob.client, 'call:ringing');

    const invited = await invite(ada, [bob]);

    expect(invited).toEqual({ callId: expect.any(String), ringing: [bob.deviceId] });
    await expect(ringing).resolves.toEqual({
      callId: invited.callId,
      from: { deviceId: ada.deviceId, name: 'Ada' },
    });
    const joined = waitFor(ada.client, 'peer:joined');
    const inCall = await accept(bob, invited.callId);
    expect(inCall).toEqual({
      callId: invited.callId,
      self: { id: bob.client.id, name: 'Bob' },
      peers: [{ id: ada.client.id, name: 'Ada' }],
    });
    await expect(joined).resolves.toEqual({ id: bob.client.id, name: 'Bob' });

    const toBob = waitFor<RelayedSignal>(bob.client, 'signal');
    expect(await request(ada.client, 'signal', { to: bob.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(toBob).resolves.toEqual({ from: ada.client.id, data: offer() });
    const toAda = waitFor<RelayedSignal>(ada.client, 'signal');
    expect(await request(bob.client, 'signal', { to: ada.client.id, data: offer('answer') })).toMatchObject({
      ok: true,
    });
    await expect(toAda).resolves.toEqual({ from: bob.client.id, data: offer('answer') });

    expect(await statusOf(ada.client, ada.deviceId)).toBe('in-call');
    expect(await statusOf(ada.client, bob.deviceId)).toBe('in-call');
  });

  it('the call room cannot be joined by name and outsiders cannot signal into it', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    await accept(bob, callId);
    const eve = await harness.joined(address, 'standup', 'Eve');
    const events = recordEvents(ada.client);

    expect(await join(await harness.connect(address), `call:${callId}`, 'Eve')).toEqual(
      refusedWith('INVALID_PAYLOAD'),
    );
    expect(await request(eve.client, 'signal', { to: ada.client.id, data: offer() })).toEqual(
      refusedWith('PEER_NOT_FOUND'),
    );
    await flush(ada.client);
    expect(events).toEqual([]);
  });

  it('more people can be invited into a running call and meet everyone already in it', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const cy = await person(address, 'Cy');
    const { callId } = await invite(ada, [bob]);
    await accept(bob, callId);
    const cyRinging = waitFor<CallRinging>(cy.client, 'call:ringing');

    expect(await invite(bob, [cy], callId)).toEqual({ callId, ringing: [cy.deviceId] });
    await expect(cyRinging).resolves.toEqual({ callId, from: { deviceId: bob.deviceId, name: 'Bob' } });
    const adaSees = waitFor(ada.client, 'peer:joined');
    const bobSees = waitFor(bob.client, 'peer:joined');
    const joined = await accept(cy, callId);

    expect(joined.peers).toEqual([
      { id: ada.client.id, name: 'Ada' },
      { id: bob.client.id, name: 'Bob' },
    ]);
    await expect(adaSees).resolves.toEqual({ id: cy.client.id, name: 'Cy' });
    await expect(bobSees).resolves.toEqual({ id: cy.client.id, name: 'Cy' });
  });

  it('when one of two hangs up, the other is told peer:left then call:ended hung-up, and is available again', async () => {
    const { server, address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    await accept(bob, callId);
    const events = recordEvents(ada.client);
    const ended = waitFor<CallEnded>(ada.client, 'call:ended');

    expect(await leave(bob.client)).toEqual({ ok: true, data: null });

    await expect(ended).resolves.toEqual({ callId, reason: 'hung-up' });
    expect(events.filter(([e]) => e !== 'presence:updated')).toEqual([
      ['peer:left', { id: bob.client.id }],
      ['call:ended', { callId, reason: 'hung-up' }],
    ]);
    expect(await statusOf(ada.client, ada.deviceId)).toBe('available');
    expect(server.stats()).toMatchObject({ rooms: 0, calls: 0 });
    expect(await join(ada.client, 'standup', 'Ada')).toMatchObject({ ok: true });
  });
});

describe('calls that do not happen', () => {
  it('a busy decline tells the caller the callee is busy, not that they declined', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const declined = waitFor(ada.client, 'call:declined');
    const ended = waitFor<CallEnded>(ada.client, 'call:ended');

    expect(await request(bob.client, 'call:decline', { callId, busy: true })).toEqual({
      ok: true,
      data: null,
    });

    await expect(declined).resolves.toEqual({ callId, deviceId: bob.deviceId, busy: true });
    await expect(ended).resolves.toEqual({ callId, reason: 'declined' });
  });

  it('decline: the caller is told call:declined, then call:ended declined, and leaves the call room', async () => {
    const { server, address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const declined = waitFor(ada.client, 'call:declined');
    const ended = waitFor<CallEnded>(ada.client, 'call:ended');

    expect(await request(bob.client, 'call:decline', { callId })).toEqual({ ok: true, data: null });

    await expect(declined).resolves.toEqual({ callId, deviceId: bob.deviceId });
    await expect(ended).resolves.toEqual({ callId, reason: 'declined' });
    expect(server.stats()).toMatchObject({ rooms: 0, calls: 0 });
    expect(await request(bob.client, 'call:accept', { callId })).toEqual(refusedWith('CALL_NOT_FOUND'));
  });

  it('cancel: the callee stops ringing with call:ended cancelled, and so does the caller', async () => {
    const { server, address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const bobEnded = waitFor<CallEnded>(bob.client, 'call:ended');
    const adaEnded = waitFor<CallEnded>(ada.client, 'call:ended');

    expect(await request(ada.client, 'call:cancel', { callId })).toEqual({ ok: true, data: null });

    await expect(bobEnded).resolves.toEqual({ callId, reason: 'cancelled' });
    await expect(adaEnded).resolves.toEqual({ callId, reason: 'cancelled' });
    expect(server.stats()).toMatchObject({ rooms: 0, calls: 0 });
  });

  it('an unanswered ring ends after the ring timeout for both sides', async () => {
    const { server, address } = await harness.start({ limits: { ringTimeoutMs: 150 } });
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const bobEnded = waitFor<CallEnded>(bob.client, 'call:ended');
    const adaEnded = waitFor<CallEnded>(ada.client, 'call:ended');

    await expect(bobEnded).resolves.toEqual({ callId, reason: 'timeout' });
    await expect(adaEnded).resolves.toEqual({ callId, reason: 'timeout' });
    expect(server.stats()).toMatchObject({ rooms: 0, calls: 0 });
  });

  it('a callee that disconnects while ringing counts as unreachable', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const ended = waitFor<CallEnded>(ada.client, 'call:ended');

    bob.client.disconnect();

    await expect(ended).resolves.toEqual({ callId, reason: 'unreachable' });
  });

  it('a caller that disconnects while ringing stops the ring with cancelled', async () => {
    const { server, address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const ended = waitFor<CallEnded>(bob.client, 'call:ended');

    ada.client.disconnect();

    await expect(ended).resolves.toEqual({ callId, reason: 'cancelled' });
    await expect.poll(() => server.stats()).toMatchObject({ rooms: 0, calls: 0, devices: 1 });
  });
});

describe('call refusals', () => {
  it('BUSY for someone already in a call, and nobody rings', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const cy = await person(address, 'Cy');
    const { callId } = await invite(ada, [bob]);
    await accept(bob, callId);
    const events = recordEvents(bob.client);

    expect(await request(cy.client, 'call:invite', { to: [bob.deviceId] })).toEqual({
      ok: false,
      error: { code: 'BUSY', message: 'Bob is already in a call.' },
    });
    await flush(bob.client);
    expect(events.filter(([e]) => e === 'call:ringing')).toEqual([]);
  });

  it('NOT_REGISTERED, DEVICE_NOT_FOUND, a self-call and ALREADY_IN_ROOM', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const anonymous = await harness.connect(address);
    const inRoom = await person(address, 'Cy');
    await join(inRoom.client, 'standup', 'Cy');

    expect(await request(anonymous, 'call:invite', { to: [ada.deviceId] })).toEqual(
      refusedWith('NOT_REGISTERED'),
    );
    expect(await request(ada.client, 'call:invite', { to: ['device-nobody-1'] })).toEqual(
      refusedWith('DEVICE_NOT_FOUND'),
    );
    expect(await request(ada.client, 'call:invite', { to: [ada.deviceId] })).toEqual(
      refusedWith('INVALID_PAYLOAD'),
    );
    expect(await request(inRoom.client, 'call:invite', { to: [ada.deviceId] })).toEqual(
      refusedWith('ALREADY_IN_ROOM'),
    );
    expect(await request(ada.client, 'call:invite', { to: [] })).toEqual(refusedWith('INVALID_PAYLOAD'));
  });

  it('CALL_NOT_FOUND for answering a call you were not invited to, or cancelling one you are not in', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const eve = await person(address, 'Eve');
    const { callId } = await invite(ada, [bob]);

    expect(await request(eve.client, 'call:accept', { callId })).toEqual(refusedWith('CALL_NOT_FOUND'));
    expect(await request(eve.client, 'call:decline', { callId })).toEqual(refusedWith('CALL_NOT_FOUND'));
    expect(await request(eve.client, 'call:cancel', { callId })).toEqual(refusedWith('CALL_NOT_FOUND'));
    expect(await request(bob.client, 'call:accept', { callId: crypto.randomUUID() })).toEqual(
      refusedWith('CALL_NOT_FOUND'),
    );
    expect(await request(bob.client, 'call:accept', { callId: 'not-a-uuid' })).toEqual(
      refusedWith('INVALID_PAYLOAD'),
    );
    // The real invitation still stands.
    expect(await accept(bob, callId)).toMatchObject({ callId });
  });

  it('ROOM_FULL when an invitation would exceed the room capacity', async () => {
    const { address } = await harness.start({ limits: { roomCapacity: 2 } });
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const cy = await person(address, 'Cy');

    expect(await request(ada.client, 'call:invite', { to: [bob.deviceId, cy.deviceId] })).toEqual({
      ok: false,
      error: { code: 'ROOM_FULL', message: 'A call holds at most 2 people.' },
    });
  });

  it('a callee already in a named room cannot accept until it leaves', async () => {
    const { address } = await harness.start();
    const ada = await person(address, 'Ada');
    const bob = await person(address, 'Bob');
    const { callId } = await invite(ada, [bob]);
    const joined = await join(bob.client, 'standup', 'Bob');
    expect(joined.ok && (joined.data as JoinedRoom).room).toBe('standup');

    expect(await request(bob.client, 'call:accept', { callId })).toEqual(refusedWith('ALREADY_IN_ROOM'));
    await leave(bob.client);
    expect(await accept(bob, callId)).toMatchObject({ callId });
  });
});
