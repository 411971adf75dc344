import { describe, expect, it } from 'vitest';
import type { PeerInfo, PeerLeft } from '../../common/signaling/room';
import type { RelayedSignal } from '../../common/signaling/signal';
import { flush, join, leave, offer, recordEvents, request, useHarness, waitFor } from './helpers';

const harness = useHarness();

describe('room:join', () => {
  it('answers with self and the peers already present, oldest first', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const cy = await harness.joined(address, 'standup', 'Cy');

    expect(ada.joined).toEqual({
      room: 'standup',
      self: { id: ada.client.id, name: 'Ada' },
      peers: [],
      host: ada.client.id,
      locked: false,
      mode: 'mesh',
      rejoinPass: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(bob.joined.peers).toEqual([{ id: ada.client.id, name: 'Ada' }]);
    expect(cy.joined.self).toEqual({ id: cy.client.id, name: 'Cy' });
    expect(cy.joined.peers).toEqual([
      { id: ada.client.id, name: 'Ada' },
      { id: bob.client.id, name: 'Bob' },
    ]);
  });

  it('tells everyone already in the room, before the newcomer gets its answer', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address);
    const announced = waitFor<PeerInfo>(ada.client, 'peer:joined');

    const result = await join(bob, 'standup', 'Bob');

    expect(result.ok).toBe(true);
    await expect(announced).resolves.toEqual({ id: bob.id, name: 'Bob' });
  });

  it('trims the room and display name everyone sees', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.connect(address);
    const announced = waitFor<PeerInfo>(ada.client, 'peer:joined');

    const result = await join(bob, '  standup ', '  Bob  ');

    expect(result).toEqual({
      ok: true,
      data: {
        room: 'standup',
        self: { id: bob.id, name: 'Bob' },
        peers: [{ id: ada.client.id, name: 'Ada' }],
        host: ada.client.id,
        locked: false,
        mode: 'mesh',
        rejoinPass: expect.stringMatching(/^[\w-]{43}$/),
      },
    });
    await expect(announced).resolves.toEqual({ id: bob.id, name: 'Bob' });
  });

  it('keeps rooms apart: a join elsewhere is not announced here', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const events = recordEvents(ada.client);

    const other = await harness.joined(address, 'retro', 'Bob');
    await flush(ada.client);

    expect(other.joined.peers).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe('signal', () => {
  it('reaches only the named peer, stamped with the real sender id even when `from` is forged', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const cy = await harness.joined(address, 'standup', 'Cy');
    const cyEvents = recordEvents(cy.client);
    const received = waitFor<RelayedSignal>(bob.client, 'signal');

    const result = await request(ada.client, 'signal', {
      to: bob.client.id,
      from: cy.client.id,
      data: offer(),
    });

    expect(result).toEqual({ ok: true, data: null });
    await expect(received).resolves.toEqual({ from: ada.client.id, data: offer() });
    await flush(cy.client);
    expect(cyEvents).toEqual([]);
  });

  it('relays the validated payload, without fields the schema does not know', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const received = waitFor<RelayedSignal>(bob.client, 'signal');

    await request(ada.client, 'signal', {
      to: bob.client.id,
      data: { kind: 'candidate', candidate: null, from: 'someone-else', extra: { big: 'x' } },
      extra: true,
    });

    await expect(received).resolves.toEqual({
      from: ada.client.id,
      data: { kind: 'candidate', candidate: null },
    });
  });

  it('carries each signal kind: description, candidate and media state', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const events = recordEvents(bob.client);
    const kinds = [
      offer(),
      {
        kind: 'candidate',
        candidate: {
          candidate: 'candidate:1 1 udp 2122260223 192.168.1.5 54321 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
      { kind: 'candidate', candidate: null },
      {
        kind: 'media',
        state: { micMuted: true, cameraOff: false, cameraStreamId: 'cam-1', screenStreamId: null },
      },
    ];

    for (const data of kinds) {
      expect(await request(ada.client, 'signal', { to: bob.client.id, data })).toEqual({
        ok: true,
        data: null,
      });
    }
    await flush(bob.client);

    expect(events).toEqual(kinds.map((data) => ['signal', { from: ada.client.id, data }]));
  });
});

describe('leaving', () => {
  it('room:leave answers ok and the others get peer:left', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const left = waitFor<PeerLeft>(ada.client, 'peer:left');

    expect(await leave(bob.client)).toEqual({ ok: true, data: null });
    await expect(left).resolves.toEqual({ id: bob.client.id });
  });

  it('a peer that left can no longer be signalled, and can join again', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    await leave(bob.client);

    const refused = await request(ada.client, 'signal', { to: bob.client.id, data: offer() });
    const rejoined = await join(bob.client, 'standup', 'Bob');

    expect(refused).toMatchObject({ ok: false, error: { code: 'PEER_NOT_FOUND' } });
    expect(rejoined).toMatchObject({ ok: true, data: { peers: [{ id: ada.client.id, name: 'Ada' }] } });
  });

  it('a disconnect removes the peer and tells the others', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const bobId = bob.client.id;
    const left = waitFor<PeerLeft>(ada.client, 'peer:left');

    bob.client.disconnect();

    await expect(left).resolves.toEqual({ id: bobId });
    const refused = await request(ada.client, 'signal', { to: bobId, data: offer() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PEER_NOT_FOUND' } });
    const cy = await harness.joined(address, 'standup', 'Cy');
    expect(cy.joined.peers).toEqual([{ id: ada.client.id, name: 'Ada' }]);
  });

  it('a room that empties disappears: the next joiner finds nobody', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'standup', 'Ada');
    const bob = await harness.joined(address, 'standup', 'Bob');
    const bobLeft = waitFor(ada.client, 'peer:left');
    bob.client.disconnect();
    await bobLeft;
    await leave(ada.client);

    const cy = await harness.joined(address, 'standup', 'Cy');

    expect(cy.joined.peers).toEqual([]);
  });
});
