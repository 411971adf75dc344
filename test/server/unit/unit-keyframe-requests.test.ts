/**
 * Keyframe requests through the forwarding unit's real worker: a viewer's PLI reaches the publisher as
 * a PLI its sender of that stream takes (werift routes payload-specific feedback by the sender SSRC
 * first, so a PLI signed with an SSRC the publisher knows as its peer's went to its own receiver).
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwardingUnit } from '../../../server/src/unit/create-forwarding-unit';
import type { ForwardingUnit } from '../../../server/src/unit/forwarding-unit';
import { Member, ROOM, routeSignals } from './werift-clients';

let unit: ForwardingUnit | null = null;
const members = new Map<string, Member>();

afterEach(async () => {
  for (const member of members.values()) await member.close();
  members.clear();
  await unit?.close();
  unit = null;
});

async function startUnit(): Promise<ForwardingUnit> {
  unit = await createForwardingUnit({ addresses: ['127.0.0.1'], logger: pino({ level: 'silent' }) });
  routeSignals(unit, members);
  return unit;
}

function join(started: ForwardingUnit, peerId: string): Member {
  const member = new Member(started, peerId);
  members.set(peerId, member);
  started.join(ROOM, peerId);
  return member;
}

const videoMid = (member: Member) => member.tracks.find((t) => t.kind === 'video')?.mid ?? '';

// Several DTLS connections set up in JavaScript on two shared cores (as forwarding-unit.test.ts).
describe('forwarding unit keyframe requests', { timeout: 60_000 }, () => {
  it('passes a viewer’s keyframe request to the publisher’s sender of that stream', async () => {
    const started = await startUnit();
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    await alice.startPublishing();
    await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= 3);
    // Delta frames from now on: no keyframe answers Bob's request before the unit passes it on.
    alice.keyframes = false;
    const before = alice.keyframeRequests.length;

    bob.askKeyframe(videoMid(bob));
    await bob.sendUntil(alice, () => alice.keyframeRequests.length > before);

    expect(alice.keyframeRequests.slice(before)).toEqual([
      { mediaSsrc: alice.videoSsrc, reachedSender: true },
    ]);
  });
});
