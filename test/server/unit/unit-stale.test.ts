/**
 * Stale media through the forwarding unit's real worker and werift: what the unit reads long after its
 * sender stamped it (it sat in the socket's queue while the unit was behind) reaches no viewer and is
 * counted; what follows on time reaches the viewer again, video from the next keyframe.
 */
import { describe, expect, it } from 'vitest';
import type { ForwardingUnit, UnitStats } from '../../../server/src/unit/forwarding-unit';
import { STALE_AFTER_MS } from '../../../server/src/unit/staleness';
import { LATE_MARK, Member, ROOM } from './werift-clients';
import { useUnitRoom } from './unit-room';

const room = useUnitRoom();

function join(started: ForwardingUnit, peerId: string): Member {
  const member = new Member(started, peerId);
  room.members.set(peerId, member);
  started.join(ROOM, peerId);
  return member;
}

/** Waits, on the unit's own figures, until `done` holds (no clock in the assertion). */
async function until(started: ForwardingUnit, done: (stats: UnitStats) => boolean): Promise<UnitStats> {
  for (;;) {
    const stats = await started.stats();
    if (done(stats)) return stats;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const received = (member: Member, kind: 'audio' | 'video') =>
  member.received.get(member.tracks.find((t) => t.kind === kind)?.mid ?? '')?.length ?? 0;

// Several DTLS connections set up in JavaScript on two shared cores (as forwarding-unit.test.ts).
describe('forwarding unit stale media', { timeout: 60_000 }, () => {
  it('forwards nothing read seconds after it was sent, counts it, and carries on with what is on time', async () => {
    const started = await room.start();
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    await alice.startPublishing();
    await bob.sendUntil(alice, () => received(bob, 'video') >= 3 && received(bob, 'audio') >= 3);

    // Ten frames (video and audio) that, as the unit reads them, were sent 3 s ago.
    alice.lateBy = 6 * STALE_AFTER_MS;
    for (let i = 0; i < 10; i++) {
      alice.sendFrame();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stats = await until(started, (s) => s.stalePackets >= 20);
    expect(stats.stalePackets).toBe(20);

    // On time again: both tracks reach Bob, and nothing of the late frames came before.
    alice.lateBy = 0;
    const before = { video: received(bob, 'video'), audio: received(bob, 'audio') };
    await bob.sendUntil(
      alice,
      () => received(bob, 'video') > before.video && received(bob, 'audio') > before.audio,
    );
    const late = [...bob.received.values()].flat().filter((packet) => packet.payload.at(-1) === LATE_MARK);
    expect(late).toEqual([]);
  });
});
