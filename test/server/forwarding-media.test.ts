/**
 * Forwarding mode end to end through the real signaling server: members on socket.io-client talk to
 * the real forwarding unit (its worker) only through `unit:signal`, and one's media reaches the other.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { UnitSignal } from '../../common/signaling/unit';
import { createForwardingUnit } from '../../server/src/unit/create-forwarding-unit';
import type { ForwardingUnit } from '../../server/src/unit/forwarding-unit';
import { request, useHarness, type Client } from './helpers';
import { Member } from './unit/werift-clients';

const harness = useHarness();
const members: Member[] = [];
let unit: ForwardingUnit | null = null;

afterEach(async () => {
  for (const member of members.splice(0)) await member.close();
  await harness.cleanup();
  await unit?.close();
  unit = null;
});

/**
 * A werift member whose signals go over its socket as `unit:signal` (the room and its id are the
 * server's to stamp), and whose socket's `unit:signal` events it applies.
 */
function memberOn(client: Client, real: ForwardingUnit): Member {
  const overSocket: ForwardingUnit = {
    ...real,
    fingerprint: real.fingerprint,
    signal: (_room, _peerId, pc, data) => void request(client, 'unit:signal', { pc, data }),
  };
  const member = new Member(overSocket, client.id ?? '');
  client.on('unit:signal', (signal: UnitSignal) => {
    void member.receive({ room: '', peerId: client.id ?? '', signal });
  });
  members.push(member);
  return member;
}

describe('forwarding mode through the signaling server', { timeout: 60_000 }, () => {
  it("a presenter's video and audio reach a viewer through the unit, with the track table", async () => {
    unit = await createForwardingUnit({ addresses: ['127.0.0.1'], logger: pino({ level: 'silent' }) });
    const { address } = await harness.start({ forwarding: { unit } });
    const ada = await harness.connect(address);
    const joined = await request(ada, 'room:join', { room: 'lecture', name: 'Ada', present: true });
    expect(joined).toMatchObject({ ok: true, data: { mode: 'forwarded' } });
    const bob = await harness.joined(address, 'lecture', 'Bob');
    expect(bob.joined.mode).toBe('forwarded');
    const presenter = memberOn(ada, unit);
    const viewer = memberOn(bob.client, unit);

    await presenter.startPublishing();
    const videoMid = () => viewer.tracks.find((t) => t.kind === 'video')?.mid;
    await viewer.sendUntil(presenter, () => (viewer.received.get(videoMid() ?? '')?.length ?? 0) >= 3);

    expect(
      viewer.tracks.map(({ owner, kind }) => ({ owner, kind })).sort((a, b) => a.kind.localeCompare(b.kind)),
    ).toEqual([
      { owner: ada.id, kind: 'audio' },
      { owner: ada.id, kind: 'video' },
    ]);
    expect(new Set(viewer.tracks.map((t) => t.streamId))).toEqual(new Set([presenter.stream.id]));
  });
});
