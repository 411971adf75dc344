import { describe, expect, it, vi } from 'vitest';
import { MAX_DISPLAY_NAME_LENGTH, MAX_MESSAGE_BYTES, MAX_SDP_LENGTH } from '../../common/limits';
import type { PeerLeft } from '../../common/signaling/room';
import type { RelayedSignal } from '../../common/signaling/signal';
import {
  captureLogs,
  flush,
  join,
  leave,
  offer,
  raw,
  recordEvents,
  request,
  useHarness,
  waitFor,
} from './helpers';

const harness = useHarness();

function refusedWith(code: string) {
  return { ok: false, error: { code, message: expect.any(String) } };
}

describe('INVALID_PAYLOAD', () => {
  const badJoins: [string, unknown[]][] = [
    ['wrong types', [{ room: 42, name: true }]],
    ['a missing field', [{ room: 'standup' }]],
    ['an oversize name', [{ room: 'standup', name: 'x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1) }]],
    ['a blank name', [{ room: 'standup', name: '   ' }]],
    ['a name with control characters', [{ room: 'standup', name: 'Ada\u0007Lovelace' }]],
    ['a room name with a slash', [{ room: '../etc', name: 'Ada' }]],
    ['a non-object payload', ['standup']],
    ['no payload at all', []],
    [
      'two payloads',
      [
        { room: 'standup', name: 'Ada' },
        { room: 'other', name: 'Ada' },
      ],
    ],
  ];

  it.each(badJoins)('room:join with %s is refused and joins nothing', async (_label, args) => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const events = recordEvents(ada.client);
    const bob = await harness.connect(address);

    const result = await request(bob, 'room:join', ...args);

    expect(result).toEqual(refusedWith('INVALID_PAYLOAD'));
    await flush(ada.client);
    expect(events).toEqual([]);
    expect(await join(bob, 'standup', 'Bob')).toMatchObject({ ok: true });
  });

  it('says which field is wrong, in words a user can read', async () => {
    const { address } = await harness.start();
    const bob = await harness.connect(address);

    const result = await request(bob, 'room:join', {
      room: 'standup',
      name: 'x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1),
    });

    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: `name: A display name has at most ${MAX_DISPLAY_NAME_LENGTH} characters.`,
      },
    });
  });

  const badSignals: [string, (to: string | undefined) => unknown][] = [
    ['an SDP over MAX_SDP_LENGTH', (to) => ({ to, data: offer('x'.repeat(MAX_SDP_LENGTH + 1)) })],
    ['an unknown kind', (to) => ({ to, data: { kind: 'chat', text: 'hi' } })],
    ['a missing target', () => ({ data: offer() })],
    ['a numeric target', () => ({ to: 7, data: offer() })],
    ['a non-object payload', () => 'offer'],
    ['null', () => null],
  ];

  it.each(badSignals)('signal with %s is refused and relays nothing', async (_label, payload) => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const events = recordEvents(bob.client);

    const result = await request(ada.client, 'signal', payload(bob.client.id));

    expect(result).toEqual(refusedWith('INVALID_PAYLOAD'));
    await flush(bob.client);
    expect(events).toEqual([]);
  });

  it('room:leave with a payload is refused and leaves nothing', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const events = recordEvents(ada.client);

    expect(await request(bob.client, 'room:leave', { now: true })).toEqual(refusedWith('INVALID_PAYLOAD'));
    await flush(ada.client);
    expect(events).toEqual([]);
  });

  it('a peer cannot signal itself', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const events = recordEvents(ada.client);

    expect(await request(ada.client, 'signal', { to: ada.client.id, data: offer() })).toEqual(
      refusedWith('INVALID_PAYLOAD'),
    );
    await flush(ada.client);
    expect(events).toEqual([]);
  });
});

describe('membership errors', () => {
  it('NOT_IN_ROOM for leaving or signalling before joining', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address);
    const events = recordEvents(ada.client);

    expect(await leave(bob)).toEqual(refusedWith('NOT_IN_ROOM'));
    expect(await request(bob, 'signal', { to: ada.client.id, data: offer() })).toEqual(
      refusedWith('NOT_IN_ROOM'),
    );
    await flush(ada.client);
    expect(events).toEqual([]);
  });

  it('NOT_IN_ROOM for leaving twice', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');

    expect(await leave(ada.client)).toEqual({ ok: true, data: null });
    expect(await leave(ada.client)).toEqual(refusedWith('NOT_IN_ROOM'));
  });

  it('ALREADY_IN_ROOM for a second join, which leaves the first membership intact', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const retro = await harness.joined(address, 'retro', 'Cy');
    const retroEvents = recordEvents(retro.client);

    expect(await join(bob.client, 'retro', 'Bob')).toEqual(refusedWith('ALREADY_IN_ROOM'));
    expect(await join(bob.client, 'standup', 'Bob')).toEqual(refusedWith('ALREADY_IN_ROOM'));

    const relayed = waitFor<RelayedSignal>(ada.client, 'signal');
    expect(await request(bob.client, 'signal', { to: ada.client.id, data: offer() })).toMatchObject({
      ok: true,
    });
    await expect(relayed).resolves.toMatchObject({ from: bob.client.id });
    await flush(retro.client);
    expect(retroEvents).toEqual([]);
  });

  it('PEER_NOT_FOUND for a peer in another room or an unknown id; the other room receives nothing', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const eve = await harness.joined(address, 'retro', 'Eve');
    const lurker = await harness.connect(address);
    const eveEvents = recordEvents(eve.client);
    const lurkerEvents = recordEvents(lurker);

    for (const to of [eve.client.id, lurker.id, 'no-such-peer']) {
      expect(await request(ada.client, 'signal', { to, data: offer() })).toEqual(
        refusedWith('PEER_NOT_FOUND'),
      );
    }

    // The refused sender and its room still work normally afterwards.
    const relayed = waitFor<RelayedSignal>(bob.client, 'signal');
    expect(await request(ada.client, 'signal', { to: bob.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(relayed).resolves.toEqual({ from: ada.client.id, data: offer() });
    await flush(eve.client);
    await flush(lurker);
    expect(eveEvents).toEqual([]);
    expect(lurkerEvents).toEqual([]);
  });
});

describe('hostile or broken clients', () => {
  it('after a malformed message the same sockets keep relaying normally', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');

    await request(ada.client, 'signal', {
      to: bob.client.id,
      data: { kind: 'description', description: 'nope' },
    });
    await request(ada.client, 'signal', [1, 2, 3]);
    const relayed = waitFor<RelayedSignal>(bob.client, 'signal');

    expect(await request(ada.client, 'signal', { to: bob.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(relayed).resolves.toEqual({ from: ada.client.id, data: offer() });
  });

  it('a request without an ack (but a signal) is dropped, valid or not, and the connection keeps working', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address);
    const events = recordEvents(ada.client);

    raw(bob).emit('room:join', { room: 'standup', name: 'Bob' });
    raw(bob).emit('room:join', 42);
    // Ack-less signals are allowed (see signal-without-ack.test.ts): refused here, as Bob is in no room.
    raw(bob).emit('signal', { to: ada.client.id, data: offer() });

    // Not joined by the ack-less request: a real join now succeeds and is the only thing Ada sees.
    expect(await join(bob, 'standup', 'Bob')).toMatchObject({ ok: true });
    await flush(ada.client);
    expect(events).toEqual([['peer:joined', { id: bob.id, name: 'Bob' }]]);
  });

  it('an unknown event is ignored and the connection still works', async () => {
    const { logger, lines } = captureLogs();
    const { address } = await harness.start({ logger });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address);

    raw(bob).emit('admin:shutdown', { all: true });
    const joined = await join(bob, 'standup', 'Bob');

    expect(joined).toMatchObject({ ok: true, data: { peers: [{ id: ada.client.id }] } });
    expect(bob.connected).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'dropped unknown event', event: 'admin:shutdown' }),
    );
  });

  it(`a message over ${MAX_MESSAGE_BYTES} bytes disconnects only its sender, and its room is told`, async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const cy = await harness.joined(address, 'standup', 'Cy');
    const bobId = bob.client.id;
    const bobGone = waitFor(bob.client, 'disconnect');
    const adaTold = waitFor<PeerLeft>(ada.client, 'peer:left');
    const adaEvents = recordEvents(ada.client);

    raw(bob.client).emit(
      'signal',
      { to: ada.client.id, data: offer('x'.repeat(MAX_MESSAGE_BYTES)) },
      () => undefined,
    );

    await bobGone;
    await expect(adaTold).resolves.toEqual({ id: bobId });
    // The oversize signal never reached Ada; Ada and Cy go on relaying.
    const relayed = waitFor<RelayedSignal>(cy.client, 'signal');
    expect(await request(ada.client, 'signal', { to: cy.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(relayed).resolves.toEqual({ from: ada.client.id, data: offer() });
    expect(adaEvents).toEqual([['peer:left', { id: bobId }]]);
    expect(await request(ada.client, 'signal', { to: bobId, data: offer() })).toEqual(
      refusedWith('PEER_NOT_FOUND'),
    );
  });

  it('an exception inside a handler is logged and answered INTERNAL, without its text', async () => {
    const { logger, lines } = captureLogs();
    const { server, address } = await harness.start({ logger });
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const bobOnServer = server.io.sockets.sockets.get(bob.joined.self.id);
    if (!bobOnServer) throw new Error('server-side socket missing');
    vi.spyOn(bobOnServer, 'emit').mockImplementation(() => {
      throw new Error('secret internal detail');
    });

    const result = await request(ada.client, 'signal', { to: bob.client.id, data: offer() });

    expect(result).toEqual(refusedWith('INTERNAL'));
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'request handler failed',
        err: expect.objectContaining({ message: 'secret internal detail' }),
      }),
    );
    vi.restoreAllMocks();
    expect(await leave(ada.client)).toEqual({ ok: true, data: null });
  });
});
