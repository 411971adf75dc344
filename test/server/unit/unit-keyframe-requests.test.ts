/**
 * Keyframe requests through the forwarding unit's real worker: a viewer's PLI reaches the publisher as
 * a PLI its sender of that stream takes (werift routes payload-specific feedback by the sender SSRC
 * first, so a PLI signed with an SSRC the publisher knows as its peer's went to its own receiver).
 */
import { describe, expect, it } from 'vitest';
import type { ForwardingUnit, UnitStats } from '../../../server/src/unit/forwarding-unit';
import { Member, ROOM } from './werift-clients';
import { statsWhen, useUnitRoom } from './unit-room';

const room = useUnitRoom();
const members = room.members;

async function startUnit(): Promise<ForwardingUnit> {
  return room.start();
}

function join(started: ForwardingUnit, peerId: string): Member {
  const member = new Member(started, peerId);
  members.set(peerId, member);
  started.join(ROOM, peerId);
  return member;
}

const videoMid = (member: Member) => member.tracks.find((t) => t.kind === 'video')?.mid ?? '';

/** Keyframe requests the unit made to publishers and could not send, whatever the reason. */
const dropped = (stats: UnitStats) =>
  Object.values(stats.keyframeRequestsDropped ?? {}).reduce((sum, count) => sum + count, 0);

/** Alice publishes and Bob receives her video (3 packets so far). */
async function aliceToBob(): Promise<{ started: ForwardingUnit; alice: Member; bob: Member }> {
  const started = await startUnit();
  const alice = join(started, 'alice');
  const bob = join(started, 'bob');
  await alice.startPublishing();
  await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= 3);
  return { started, alice, bob };
}

// Several DTLS connections set up in JavaScript on two shared cores (as forwarding-unit.test.ts).
describe('forwarding unit keyframe requests', { timeout: 60_000 }, () => {
  it('passes a viewer’s keyframe request to the publisher’s sender of that stream', async () => {
    const { alice, bob } = await aliceToBob();
    // Delta frames from now on: no keyframe answers Bob's request before the unit passes it on.
    alice.keyframes = false;
    const before = alice.keyframeRequests.length;

    bob.askKeyframe(videoMid(bob));
    await bob.sendUntil(alice, () => alice.keyframeRequests.length > before);

    expect(alice.keyframeRequests.slice(before)).toEqual([
      { mediaSsrc: alice.videoSsrc, reachedSender: true },
    ]);
  });

  it('counts as sent only the keyframe requests written to the publisher’s connection', async () => {
    const started = await startUnit();
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    // Alice's publish connection never gets the answer: it cannot complete, so no PLI can reach her.
    alice.applyPublishAnswer = false;
    await alice.startPublishing();
    // Bob is offered Alice's video and, having no picture of it, the unit asks her for a keyframe.
    const stats = await statsWhen(started, (s) => s.keyframeRequests + dropped(s) >= 1);

    expect(stats.keyframeRequests).toBe(0);
    expect(stats.keyframeRequestsDropped?.['not-connected']).toBeGreaterThanOrEqual(1);
    expect(alice.keyframeRequests).toEqual([]);
    expect(bob.tracks.some((track) => track.owner === 'alice' && track.kind === 'video')).toBe(true);
  });

  it('counts exactly the PLIs the publisher received', async () => {
    const { started, alice, bob } = await aliceToBob();
    alice.keyframes = false;
    for (let asked = 0; asked < 3; asked++) {
      const before = alice.keyframeRequests.length;
      bob.askKeyframe(videoMid(bob));
      await bob.sendUntil(alice, () => alice.keyframeRequests.length > before);
    }
    // The unit counts a PLI once its transport took it, Alice once it arrived: wait for her to catch up.
    // A unit that counted a request it never sent would never be caught up with (the test times out).
    const stats = await statsWhen(started, (s) => s.keyframeRequests === alice.keyframeRequests.length);

    expect(stats.keyframeRequests).toBeGreaterThanOrEqual(3);
    expect(alice.keyframeRequests.every((request) => request.mediaSsrc === alice.videoSsrc)).toBe(true);
  });
});
