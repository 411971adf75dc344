/**
 * The forwarding unit end to end, through its real worker thread: a werift member publishes VP8 and
 * Opus, another receives them through the unit, and the subscribe offer's table names whose tracks
 * they are.
 */
import { describe, expect, it } from 'vitest';
import type { ForwardingUnit } from '../../../server/src/unit/forwarding-unit';
import { KEYFRAME_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
import { Member, republish, ROOM } from './werift-clients';
import { useUnitRoom } from './unit-room';

const room = useUnitRoom();
const members = room.members;

function startUnit(maxSenders = 8): Promise<ForwardingUnit> {
  return room.start({ maxSenders });
}

function join(started: ForwardingUnit, peerId: string, videoCodec: 'VP8' | 'VP9' = 'VP8'): Member {
  const member = new Member(started, peerId, videoCodec);
  members.set(peerId, member);
  started.join(ROOM, peerId);
  return member;
}

/** Each audio or video m-line of an answer: `rejected` (port 0) or its direction. */
function answered(sdp: string): string[] {
  return sdp
    .split(/\r?\nm=/)
    .slice(1)
    .filter((section) => /^(audio|video) /.test(section))
    .map((section) =>
      /^\w+ 0 /.test(section)
        ? 'rejected'
        : (/^a=(sendrecv|sendonly|recvonly|inactive)$/m.exec(section)?.[1] ?? 'sendrecv'),
    );
}

// Each test sets up several DTLS connections in JavaScript, in the test process and the worker; on
// two cores shared with a full test run that alone can take longer than the project's 15 s.
describe('forwarding unit', { timeout: 60_000 }, () => {
  it('gives its certificate fingerprint as in SDP', async () => {
    const started = await startUnit();
    expect(started.fingerprint).toMatch(/^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('forwards a publisher’s video and audio to a viewer, with a table naming owner and stream', async () => {
    const started = await startUnit();
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    await alice.startPublishing();

    const videoMid = () => bob.tracks.find((t) => t.kind === 'video')?.mid;
    const audioMid = () => bob.tracks.find((t) => t.kind === 'audio')?.mid;
    await bob.sendUntil(
      alice,
      () =>
        (bob.received.get(videoMid() ?? '')?.length ?? 0) >= 3 &&
        (bob.received.get(audioMid() ?? '')?.length ?? 0) >= 3,
    );

    expect(bob.tracks).toEqual(
      expect.arrayContaining([
        { mid: videoMid(), owner: 'alice', streamId: alice.stream.id, kind: 'video' },
        { mid: audioMid(), owner: 'alice', streamId: alice.stream.id, kind: 'audio' },
      ]),
    );
    expect(bob.tracks).toHaveLength(2);
    // The audio level reaches Bob under the id Bob's connection negotiated, not Alice's.
    const levelId = (pc: Member['publish']) =>
      pc
        .getTransceivers()
        .find((t) => t.kind === 'audio')
        ?.headerExtensions.find((ext) => ext.uri === 'urn:ietf:params:rtp-hdrext:ssrc-audio-level')?.id;
    const bobLevelId = levelId(bob.subscribe);
    expect(bobLevelId).toBeDefined();
    expect(bobLevelId).not.toBe(levelId(alice.publish));
    const audio = bob.received.get(audioMid() ?? '') ?? [];
    expect(audio.at(-1)?.header.extensions).toContainEqual({ id: bobLevelId, payload: Buffer.from([42]) });
    // Alice sees nobody's tracks: she is the only one publishing.
    expect(alice.tracks).toEqual([]);
    const stats = await started.stats();
    expect(stats).toMatchObject({ rooms: 1, publishers: 1, subscribers: 2 });
    expect(stats.packetsForwarded).toBeGreaterThanOrEqual(6);
  });

  it('offers a viewer only the codec the publisher sends, so packets carry its payload type', async () => {
    const started = await startUnit();
    const alice = join(started, 'alice', 'VP9');
    const bob = join(started, 'bob');
    await alice.startPublishing();
    const videoMid = () => bob.tracks.find((t) => t.kind === 'video')?.mid ?? '';
    await bob.sendUntil(alice, () => (bob.received.get(videoMid())?.length ?? 0) >= 3);

    const transceiver = bob.subscribe.getTransceivers().find((t) => t.mid === videoMid());
    expect(transceiver?.codecs.map((codec) => codec.mimeType)).toEqual(['video/VP9']);
    const vp9 = transceiver?.codecs[0]?.payloadType;
    expect(bob.received.get(videoMid())?.map((packet) => packet.header.payloadType)).toEqual(
      expect.arrayContaining([vp9]),
    );
    expect(new Set(bob.received.get(videoMid())?.map((packet) => packet.header.payloadType))).toEqual(
      new Set([vp9]),
    );
  });

  it('asks the publisher for a keyframe when a viewer joins late', async () => {
    const started = await startUnit();
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    await alice.startPublishing();
    const videoMid = (member: Member) => member.tracks.find((t) => t.kind === 'video')?.mid ?? '';
    await bob.sendUntil(alice, () => (bob.received.get(videoMid(bob))?.length ?? 0) >= 3);
    const before = (await started.stats()).keyframeRequests;
    // Past the pacing of Bob's request, Carol's goes out as soon as she can receive: a keyframe that
    // arrived while it waited (every frame here is one) would have answered it instead.
    await new Promise((resolve) => setTimeout(resolve, KEYFRAME_INTERVAL_MS));

    const carol = join(started, 'carol');
    await carol.sendUntil(alice, () => (carol.received.get(videoMid(carol))?.length ?? 0) >= 1);
    // The unit asks Alice for a keyframe for Carol.
    while ((await started.stats()).keyframeRequests <= before) {
      await carol.sendUntil(alice, () => true);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await started.stats()).keyframeRequests).toBeGreaterThan(before);
  });

  it('refuses the m-lines of a sender beyond maxSenders with port 0', async () => {
    const started = await startUnit(1);
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    await alice.startPublishing();
    await bob.sendUntil(alice, () => bob.tracks.length === 2);
    await bob.startPublishing();
    await bob.publishAnswered();

    const answer = bob.publish.remoteDescription?.sdp ?? '';
    const ports = [...answer.matchAll(/^m=(audio|video) (\d+)/gm)].map((m) => Number(m[2]));
    expect(ports).toEqual([0, 0]);
    // Alice still sees no track of Bob's.
    expect(alice.tracks).toEqual([]);
  });

  it('frees a place when a sender’s every m-line goes inactive, and refuses its return with inactive while full', async () => {
    const started = await startUnit(1);
    const alice = join(started, 'alice');
    const bob = join(started, 'bob');
    await alice.startPublishing();
    await bob.sendUntil(alice, () => bob.tracks.length === 2);

    // Alice mutes and turns her camera off: nothing of hers is forwarded and her place is free.
    expect(answered(await republish(alice, 'inactive'))).toEqual(['inactive', 'inactive']);
    await bob.sendUntil(alice, () => bob.tracks.length === 0);
    expect((await started.stats()).publishers).toBe(0);
    await bob.startPublishing();
    await bob.publishAnswered();
    expect(answered(bob.publish.remoteDescription?.sdp ?? '')).toEqual(['recvonly', 'recvonly']);
    await alice.sendUntil(bob, () => alice.tracks.length === 2);

    // Alice unmutes while Bob holds the only place: refused, but her m-lines stay (inactive, not port
    // 0), so her connection keeps its transport for when a place frees.
    expect(answered(await republish(alice, 'sendonly'))).toEqual(['inactive', 'inactive']);
    expect((await started.stats()).publishers).toBe(1);

    // Her client takes the m-lines back to inactive, as it stays muted.
    expect(answered(await republish(alice, 'inactive'))).toEqual(['inactive', 'inactive']);

    // Bob stops; Alice unmutes again and Bob receives her media once more.
    await republish(bob, 'inactive');
    await bob.sendUntil(alice, () => bob.tracks.length === 0);
    bob.received.clear();
    expect(answered(await republish(alice, 'sendonly'))).toEqual(['recvonly', 'recvonly']);
    await bob.sendUntil(
      alice,
      () =>
        bob.tracks.length === 2 &&
        bob.tracks.every((track) => (bob.received.get(track.mid)?.length ?? 0) > 0),
    );
  });
});
