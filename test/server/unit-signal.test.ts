import { describe, expect, it } from 'vitest';
import type { UnitSignal } from '../../common/signaling/unit';
import { FakeForwardingUnit } from '../fakes/forwarding-unit';
import { flush, leave, offer, recordEvents, refusedWith, request, useHarness, waitFor } from './helpers';

const harness = useHarness();

const candidate = (n: number) => ({
  kind: 'candidate' as const,
  candidate: { candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 ${50000 + n} typ host`, sdpMid: '0' },
});

/** Ada presents in "lecture" (forwarded from the start), Bob joins it. */
async function lecture(options: { limits?: { eventsPerSecond?: number } } = {}) {
  const unit = new FakeForwardingUnit();
  const { server, address } = await harness.start({ forwarding: { unit }, ...options });
  const ada = await harness.connect(address);
  await request(ada, 'room:join', { room: 'lecture', name: 'Ada', present: true });
  const bob = await harness.joined(address, 'lecture', 'Bob');
  const ids = { ada: ada.id ?? '', bob: bob.client.id ?? '' };
  return { unit, server, address, ada, bob: bob.client, ids };
}

describe('unit:signal', () => {
  it("goes to the unit with the sender's room and id, whatever the payload claims", async () => {
    const { unit, ada } = await lecture();

    const sent = await request(ada, 'unit:signal', { pc: 'publish', data: offer('v=0 publish'), from: 'x' });

    expect(sent).toEqual({ ok: true, data: null });
    expect(unit.calls.filter((c) => c.call === 'signal')).toEqual([
      { call: 'signal', room: 'lecture', peerId: ada.id, pc: 'publish', data: offer('v=0 publish') },
    ]);
  });

  it("reaches the member the unit names, with the subscribe offer's tracks, and nobody else", async () => {
    const { unit, ada, bob, ids } = await lecture();
    const bobEvents = recordEvents(bob);
    const signal: UnitSignal = {
      pc: 'subscribe',
      data: offer('v=0 subscribe'),
      tracks: [{ mid: '0', owner: ids.bob, streamId: 'camera-1', kind: 'video' }],
    };
    const received = waitFor<UnitSignal>(ada, 'unit:signal');

    unit.send({ room: 'lecture', peerId: ids.ada, signal });

    await expect(received).resolves.toEqual(signal);
    await flush(bob);
    expect(bobEvents).toEqual([]);
  });

  it('from the unit to someone who has left the room is dropped', async () => {
    const { unit, ada, bob, ids } = await lecture();
    await leave(bob);
    const bobEvents = recordEvents(bob);

    unit.send({ room: 'lecture', peerId: ids.bob, signal: { pc: 'subscribe', data: candidate(1) } });

    await flush(bob);
    expect(bobEvents).toEqual([]);
    expect(ada.connected).toBe(true);
  });

  it('carries a member’s request to restart ICE on subscribe, where the unit offers, and only there', async () => {
    const { unit, ada } = await lecture();

    expect(await request(ada, 'unit:signal', { pc: 'publish', data: { kind: 'restart' } })).toEqual(
      refusedWith('INVALID_PAYLOAD'),
    );
    const asked = await request(ada, 'unit:signal', { pc: 'subscribe', data: { kind: 'restart' } });

    expect(asked).toEqual({ ok: true, data: null });
    expect(unit.calls.filter((c) => c.call === 'signal')).toEqual([
      { call: 'signal', room: 'lecture', peerId: ada.id, pc: 'subscribe', data: { kind: 'restart' } },
    ]);
  });

  it('is refused outside a forwarded room, and when malformed', async () => {
    const { unit, address, ada } = await lecture();
    const loner = await harness.connect(address);
    const mesh = await harness.joined(address, 'standup', 'Cy');

    expect(await request(loner, 'unit:signal', { pc: 'publish', data: offer() })).toEqual(
      refusedWith('NOT_IN_ROOM'),
    );
    expect(await request(mesh.client, 'unit:signal', { pc: 'publish', data: offer() })).toEqual(
      refusedWith('NOT_IN_ROOM'),
    );
    expect(await request(ada, 'unit:signal', { pc: 'sideways', data: offer() })).toEqual(
      refusedWith('INVALID_PAYLOAD'),
    );
    expect(unit.calls.filter((c) => c.call === 'signal')).toEqual([]);
  });

  it('is refused by a server without a unit', async () => {
    const { address } = await harness.start();
    const ada = await harness.joined(address, 'lecture', 'Ada');

    expect(await request(ada.client, 'unit:signal', { pc: 'publish', data: offer() })).toEqual(
      refusedWith('NOT_IN_ROOM'),
    );
  });

  it("takes a member's whole join burst in a 50-person room: 20 candidates on each connection and a link to each other member", async () => {
    const { unit, ada, bob } = await lecture();
    const toUnit = (['publish', 'subscribe'] as const).flatMap((pc) => [
      { pc, data: offer() },
      ...Array.from({ length: 20 }, (_, n) => ({ pc, data: candidate(n) })),
      { pc, data: { kind: 'candidate', candidate: null } },
    ]);
    // To each of 49 others: an offer, the media state and three candidates (all to Bob here).
    const toPeers = Array.from({ length: 49 }, () => [
      offer(),
      {
        kind: 'media',
        state: { micMuted: true, cameraOff: true, cameraStreamId: null, screenStreamId: null },
      },
      candidate(1),
      candidate(2),
      candidate(3),
    ]).flat();

    const answers = await Promise.all([
      ...toUnit.map((signal) => request(ada, 'unit:signal', signal)),
      ...toPeers.map((data) => request(ada, 'signal', { to: bob.id, data })),
    ]);

    expect(answers.filter((answer) => !answer.ok)).toEqual([]);
    expect(unit.calls.filter((c) => c.call === 'signal')).toHaveLength(toUnit.length);
  });

  it('stops reaching members once the server has closed', async () => {
    const { unit, server } = await lecture();
    expect(unit.listened).toBe(true);

    await server.close();

    expect(unit.listened).toBe(false);
    expect(unit.memberships().filter((line) => line.startsWith('leave'))).toHaveLength(2);
  });
});

describe('/metrics', () => {
  it("shows the forwarding unit's figures", async () => {
    const { unit, address } = await lecture();
    unit.figures = {
      ...unit.figures,
      rooms: 1,
      publishers: 2,
      packetsForwarded: 1234,
      keyframeRequestsReceived: 31,
      keyframeRequestsDropped: { 'no-stream': 2, 'not-connected': 7, 'send-failed': 0 },
      retransmissions: 5,
      stalePackets: 12,
    };

    const text = await (await fetch(new URL('/metrics', address.url))).text();

    expect(text).toMatch(/^nearcast_unit_rooms 1$/m);
    expect(text).toMatch(/^nearcast_unit_publishers 2$/m);
    expect(text).toMatch(/^nearcast_unit_packets_forwarded_total 1234$/m);
    expect(text).toMatch(/^nearcast_unit_retransmissions_total 5$/m);
    expect(text).toMatch(/^nearcast_unit_stale_packets_total 12$/m);
    expect(text).toMatch(/^nearcast_unit_keyframe_requests_received_total 31$/m);
    expect(text).toMatch(/^# TYPE nearcast_unit_keyframe_requests_total counter$/m);
    expect(text).toMatch(/^nearcast_unit_keyframe_requests_dropped_total\{reason="not-connected"\} 7$/m);
    expect(text).toMatch(/^nearcast_unit_keyframe_requests_dropped_total\{reason="no-stream"\} 2$/m);
  });
});
