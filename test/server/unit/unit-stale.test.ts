/**
 * Stale media through the forwarding unit's real worker and werift: when the unit's thread stops
 * reading (a starved machine), what queued in its sockets meanwhile reaches no viewer and is counted;
 * the viewer then catches up, video from a keyframe, its sequence numbers without a gap. Media a sender
 * delivers late (its pacer held it behind a large keyframe) waits in no queue of the unit's and is
 * forwarded, however old its timestamps.
 */
import { BroadcastChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RtpPacket } from 'werift';
import type { ForwardingUnit } from '../../../server/src/unit/forwarding-unit';
import { startsKeyframe } from '../../../server/src/unit/keyframe';
import { frameNumber, Member, ROOM } from './werift-clients';
import { STALL_CHANNEL, type StallRequest, type Stalled } from './stall-channel';
import { statsWhen, useUnitRoom } from './unit-room';

const room = useUnitRoom();
const STALL_MS = 2000;

function join(started: ForwardingUnit, peerId: string): Member {
  const member = new Member(started, peerId);
  room.members.set(peerId, member);
  started.join(ROOM, peerId);
  return member;
}

const packets = (member: Member, kind: 'audio' | 'video'): RtpPacket[] =>
  member.received.get(member.tracks.find((t) => t.kind === kind)?.mid ?? '') ?? [];

/** Alice shares video and audio with Bob through the unit, until Bob has some of both. */
async function sharing(entry?: URL) {
  const started = await room.start(entry ? { entry } : {});
  const alice = join(started, 'alice');
  const bob = join(started, 'bob');
  await alice.startPublishing();
  await bob.sendUntil(alice, () => packets(bob, 'video').length >= 3 && packets(bob, 'audio').length >= 3);
  return { started, alice, bob };
}

/** When a frame was sent: not before `before`, and by `after` (wall clock, ms). */
interface Sent {
  before: number;
  after: number;
}

/**
 * Alice sends delta frames every 20 ms, a keyframe when the unit asks for one, as a browser does;
 * `sent`: when each frame (by number) was sent, wall clock: after `before`, by `after`.
 */
function pump(alice: Member): { sent: Map<number, Sent>; stop: () => Promise<void> } {
  alice.keyframes = false;
  alice.answersKeyframeRequests = true;
  const sent = new Map<number, Sent>();
  let sending = true;
  const done = (async () => {
    while (sending) {
      const before = Date.now();
      const frame = alice.sendFrame();
      // Once the send has run its course: the frame is in the unit's queue by this time.
      await new Promise((resolve) => setImmediate(resolve));
      sent.set(frame, { before, after: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    sent,
    stop: async () => {
      sending = false;
      await done;
    },
  };
}

/** Resolves once Bob has video and audio Alice sent after `at`. */
async function caughtUp(bob: Member, sent: Map<number, Sent>, at: number): Promise<void> {
  const after = (packet: RtpPacket) => (sent.get(frameNumber(packet))?.before ?? 0) > at;
  while (!packets(bob, 'video').some(after) || !packets(bob, 'audio').some(after)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Bob's numbers run on without a gap (the member hears each packet of a track once per listener). */
function expectContinuous(received: RtpPacket[]): void {
  const numbers = [...new Set(received.map((packet) => packet.header.sequenceNumber))];
  expect(numbers).toEqual(numbers.map((_, i) => ((numbers[0] ?? 0) + i) & 0xffff));
}

// Several DTLS connections set up in JavaScript on two shared cores (as forwarding-unit.test.ts).
describe('forwarding unit stale media', { timeout: 90_000 }, () => {
  it('forwards nothing that queued while its thread was stalled; the viewer catches up on a keyframe', async () => {
    const { started, alice, bob } = await sharing(new URL('./stalling-worker.ts', import.meta.url));
    const stall = new BroadcastChannel(STALL_CHANNEL);
    const stalled = new Promise<Stalled>((resolve) => {
      stall.onmessage = (event) => resolve((event as { data: Stalled }).data);
    });
    const { sent, stop } = pump(alice);
    try {
      const before = { video: packets(bob, 'video').length, audio: packets(bob, 'audio').length };
      stall.postMessage({ ms: STALL_MS } satisfies StallRequest);
      const { from, to } = await stalled;
      await caughtUp(bob, sent, to);
      const stats = await started.stats();
      expect(stats.stalePackets).toBeGreaterThan(0);

      // Nothing Alice sent while the unit could not read reached Bob: he is not seconds behind.
      const queued = (packet: RtpPacket) => {
        const frame = sent.get(frameNumber(packet));
        return frame !== undefined && frame.before > from && frame.after < to;
      };
      const video = packets(bob, 'video').slice(before.video);
      const audio = packets(bob, 'audio').slice(before.audio);
      expect([...video, ...audio].filter(queued).map(frameNumber)).toEqual([]);
      // His picture resumes on a keyframe, and neither stream shows a gap to ask a repair for.
      const resumed = video.find((packet) => (sent.get(frameNumber(packet))?.before ?? 0) > from);
      expect(resumed && startsKeyframe('video/VP8', resumed.payload)).toBe(true);
      expectContinuous(packets(bob, 'video'));
      expectContinuous(packets(bob, 'audio'));
    } finally {
      await stop();
      stall.close();
    }
  });

  it('drops media while it reads slower than media comes and its queue grows past the bound', async () => {
    const { started, alice, bob } = await sharing(new URL('./stalling-worker.ts', import.meta.url));
    const channel = new BroadcastChannel(STALL_CHANNEL);
    const { sent, stop } = pump(alice);
    try {
      // Every datagram costs the worker 15 ms: it reads about 66 a second of Alice's 100 (and the
      // probes'), never stalling, its queue growing by a third of a second each second.
      channel.postMessage({ costMs: 15 } satisfies StallRequest);
      await statsWhen(started, (stats) => stats.stalePackets > 0);
      channel.postMessage({ costMs: 0 } satisfies StallRequest);
      const freed = Date.now();
      await caughtUp(bob, sent, freed);
      const video = packets(bob, 'video');
      const resumed = video.find((packet) => (sent.get(frameNumber(packet))?.before ?? 0) > freed);
      expect(resumed && startsKeyframe('video/VP8', resumed.payload)).toBe(true);
      expectContinuous(video);
      expectContinuous(packets(bob, 'audio'));
    } finally {
      await stop();
      channel.close();
    }
  });

  it('forwards frames a sender delivers late (old timestamps) when the unit read them at once', async () => {
    const { alice, bob } = await sharing();
    // Frames a pacer held for a second behind a large keyframe (their timestamps say so), each
    // between two on time.
    const pairs: { late: number; onTime: number }[] = [];
    for (let i = 0; i < 10; i++) {
      alice.lateBy = 0;
      const onTime = alice.sendFrame();
      alice.lateBy = 1000;
      pairs.push({ onTime, late: alice.sendFrame() });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    alice.lateBy = 0;
    const last = (pairs.at(-1)?.late ?? 0) + 1;
    const got = (kind: 'audio' | 'video') => new Set(packets(bob, kind).map(frameNumber));
    await bob.sendUntil(alice, () => got('video').has(last) && got('audio').has(last));
    // A late frame is missed only with the frames on time around it, if the unit fell behind then
    // (this machine's load): never for its timestamps.
    for (const kind of ['video', 'audio'] as const) {
      const missed = pairs.filter(({ late }) => !got(kind).has(late));
      const alone = missed.filter(({ late, onTime }) => got(kind).has(onTime) || got(kind).has(late + 1));
      expect(alone.map(({ late }) => late)).toEqual([]);
    }
    expect(pairs.filter(({ late }) => got('video').has(late)).length).toBeGreaterThan(0);
  });
});
