/**
 * ICE restarts on both connections to the unit, through its real worker thread with werift members:
 * a laptop that changes Wi-Fi access point or address gets its media back without leaving the room.
 * On `publish` the member offers with new ICE credentials; on `subscribe` the member asks the unit,
 * the offerer there, to restart. Either way media flows again on the new credentials (werift drops
 * the old candidate pairs at a restart), the viewer's stream runs on without a jump, and the
 * publisher is asked for a keyframe so the picture comes back at once.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForwardingUnit } from '../../../server/src/unit/forwarding-unit';
import { seqNewer } from '../../../server/src/unit/rewriter';
import { Member, ROOM } from './werift-clients';
import { statsWhen, useUnitRoom } from './unit-room';

const room = useUnitRoom();
const members = room.members;

async function startRoom(): Promise<{ started: ForwardingUnit; alice: Member; bob: Member }> {
  const started = await room.start();
  const join = (peerId: string): Member => {
    const member = new Member(started, peerId);
    members.set(peerId, member);
    started.join(ROOM, peerId);
    return member;
  };
  const alice = join('alice');
  const bob = join('bob');
  await alice.startPublishing();
  await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= 3);
  return { started, alice, bob };
}

/** Sockets that swallow what reaches them: where a member's candidates lead once its network is gone. */
const sinks: Socket[] = [];
afterEach(() => {
  for (const sink of sinks.splice(0)) sink.close();
});

async function sinkPort(): Promise<number> {
  const sink = createSocket('udp4');
  sinks.push(sink);
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  return sink.address().port;
}

function videoMid(member: Member): string {
  return member.tracks.find((t) => t.kind === 'video')?.mid ?? '';
}

function ufrag(sdp: string | undefined): string | undefined {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1];
}

/**
 * From here on Alice's encoder sends delta frames, and a keyframe only when asked after this; resolves
 * with the keyframe requests the unit has made so far. It waits until each of them has reached Alice:
 * the one made when Bob joined can arrive after her last frame, and her keyframe answering it, sent
 * after the restart, would stand in for the request the restart needs while the throttle held that.
 */
async function deltaFramesFromNow(started: ForwardingUnit, alice: Member): Promise<number> {
  const { keyframeRequests } = await statsWhen(
    started,
    (stats) => alice.keyframeRequests.length >= stats.keyframeRequests,
  );
  alice.answerNewKeyframeRequestsOnly();
  return keyframeRequests;
}

/**
 * Waits until the unit has passed on more keyframe requests than `before`. The publisher sends delta
 * frames only by then (see `Member.keyframes`): a keyframe arriving unasked would answer the unit's
 * request while the throttle held it (keyframe-throttle.ts), and whether it did would depend on how
 * long the restart took.
 */
async function keyframeAskedAfter(started: ForwardingUnit, before: number) {
  await statsWhen(started, (stats) => stats.keyframeRequests > before);
}

/**
 * The viewer's video stream kept one SSRC and ran on: each packet's sequence number a little after
 * the highest before it (a gap for what was lost meanwhile, never a jump), or a resent one.
 */
function expectContinuous(bob: Member): void {
  const packets = bob.received.get(videoMid(bob)) ?? [];
  expect(new Set(packets.map((p) => p.header.ssrc)).size).toBe(1);
  let highest = packets[0]?.header.sequenceNumber ?? 0;
  const steps: number[] = [];
  for (const { header } of packets.slice(1)) {
    if (!seqNewer(header.sequenceNumber, highest)) continue;
    steps.push((header.sequenceNumber - highest + 0x10000) % 0x10000);
    highest = header.sequenceNumber;
  }
  expect(steps.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...steps)).toBeLessThan(200);
}

// Several DTLS connections in JavaScript, in the test process and the worker (see forwarding-unit.test.ts).
describe('ICE restart with the forwarding unit', { timeout: 60_000 }, () => {
  it('answers a publish offer with new ICE credentials, and the publisher’s media flows again', async () => {
    const { started, alice, bob } = await startRoom();
    const answered = alice.descriptions.publish.length;
    const firstUfrag = ufrag(alice.descriptions.publish[0]);
    const before = await deltaFramesFromNow(started, alice);

    await alice.restartPublish();
    await alice.descriptionCount('publish', answered + 1);

    expect(ufrag(alice.descriptions.publish.at(-1))).not.toBe(firstUfrag);
    const received = bob.received.get(videoMid(bob))?.length ?? 0;
    await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= received + 3);
    // The viewers lost what the publisher sent while it reconnected: a keyframe brings them back.
    await keyframeAskedAfter(started, before);
    expectContinuous(bob);
  });

  it('checks a second publish restart made while the first is still being checked', async () => {
    const { started, alice, bob } = await startRoom();
    const before = await deltaFramesFromNow(started, alice);

    // Alice restarts, and her network changes again at once: the unit's checks for it find nothing.
    alice.unreachableAt = await sinkPort();
    const first = alice.nextPublishAnswer();
    await alice.restartPublish();
    await first;
    alice.unreachableAt = undefined;
    const second = alice.nextPublishAnswer();
    await alice.restartPublish();
    await second;

    const received = bob.received.get(videoMid(bob))?.length ?? 0;
    await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= received + 3);
    // The unit knows the publisher is back (its round for the newest restart found a pair) and asks
    // for the keyframe the viewers need.
    await keyframeAskedAfter(started, before);
    expectContinuous(bob);
  });

  it('restarts ICE on the subscribe connection when the member asks, and forwarding resumes', async () => {
    const { started, alice, bob } = await startRoom();
    const offered = bob.descriptions.subscribe.length;
    const firstUfrag = ufrag(bob.descriptions.subscribe[0]);
    const before = await deltaFramesFromNow(started, alice);

    bob.askSubscribeRestart();
    await bob.descriptionCount('subscribe', offered + 1);

    expect(ufrag(bob.descriptions.subscribe.at(-1))).not.toBe(firstUfrag);
    // The restart offer still names the same tracks.
    expect(bob.tracks.map((t) => t.owner)).toEqual(['alice', 'alice']);
    const received = bob.received.get(videoMid(bob))?.length ?? 0;
    await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= received + 3);
    await keyframeAskedAfter(started, before);
    expectContinuous(bob);
  });

  it('checks a second subscribe restart asked while the first is still being checked', async () => {
    const { started, alice, bob } = await startRoom();
    const offered = bob.descriptions.subscribe.length;
    const before = await deltaFramesFromNow(started, alice);

    // Bob asks for a restart, and his network changes again at once: the unit's checks find nothing.
    bob.unreachableAt = await sinkPort();
    bob.askSubscribeRestart();
    await bob.descriptionCount('subscribe', offered + 1);
    bob.unreachableAt = undefined;
    bob.askSubscribeRestart();
    await bob.descriptionCount('subscribe', offered + 2);

    const received = bob.received.get(videoMid(bob))?.length ?? 0;
    await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= received + 3);
    await keyframeAskedAfter(started, before);
    expectContinuous(bob);
  });
});
