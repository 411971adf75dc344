/**
 * A unit that fell behind (its machine starved, the publisher's socket queue seconds deep) forwards
 * nothing older than its bound: the viewers would otherwise watch seconds behind, and the keyframe a
 * late joiner needs would sit behind the backlog. Once current again, the viewer is asked a keyframe
 * and its stream runs on without a gap in sequence numbers.
 */
import { describe, expect, it } from 'vitest';
import { Router } from '../../../server/src/unit/router';
import { KEYFRAME_INTERVAL_MS, REPAIR_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
import { RoomReads, STALE_AFTER_MS, StalenessGauge } from '../../../server/src/unit/staleness';
import { FakeClock } from './fake-clock';
import { FakeEngine, FakeLayer, FakeTrack } from './fake-engine';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const FRAME_MS = 33;

/** Ada shares her screen to Bob, who has its picture; the unit reads every frame as it is sent. */
async function sharing() {
  const clock = new FakeClock();
  const engine = new FakeEngine();
  const router = new Router({ engine, maxSenders: 8, send: () => undefined, warn: () => undefined, clock });
  const screen = new FakeLayer(undefined, 21, clock);
  router.join('ada');
  router.join('bob');
  engine.publishes[0]?.publish(new FakeTrack('0', 'screen', [screen]));
  await turn();
  router.signal('bob', 'subscribe', { kind: 'description', description: { type: 'answer', sdp: 'a' } });
  await turn();
  const out = engine.subscribes[1]?.outgoing[0];
  if (!out) throw new Error('no outgoing track');
  out.becomeReady();
  screen.send(true);
  for (let i = 0; i < 30; i++) {
    clock.advance(FRAME_MS);
    screen.send(false);
  }
  return { clock, router, screen, out };
}

const seqs = (sent: { header: { sequenceNumber: number } }[]) => sent.map((p) => p.header.sequenceNumber);

describe('stale packets', () => {
  it('are not forwarded; the viewer is asked a keyframe once the unit is current, and its stream has no gap', async () => {
    const { clock, router, screen, out } = await sharing();
    const forwarded = out.sent.length;
    expect(forwarded).toBe(31);
    // The unit stalls for 3 s while Ada goes on sending, then reads the backlog all at once.
    const stalledAt = clock.now();
    clock.advance(3000);
    const asked = screen.keyframeRequests;
    let backlog = 0;
    for (
      let sentAt = stalledAt + FRAME_MS;
      sentAt < clock.now() - STALE_AFTER_MS - FRAME_MS;
      sentAt += FRAME_MS
    ) {
      screen.send(false, 100, sentAt);
      backlog += 1;
    }
    expect(out.sent.length).toBe(forwarded);
    expect(router.stats().stalePackets).toBe(backlog);

    // Current again: what follows depends on frames Bob never got, so he waits for a keyframe, asked
    // for at once and again until it comes.
    screen.send(false);
    expect(out.sent.length).toBe(forwarded);
    expect(screen.keyframeRequests).toBe(asked + 1);
    clock.advance(KEYFRAME_INTERVAL_MS + 100);
    screen.send(false);
    expect(screen.keyframeRequests).toBe(asked + 2);
    expect(out.sent.length).toBe(forwarded);

    screen.send(true);
    clock.advance(FRAME_MS);
    screen.send(false);
    expect(out.sent.length).toBe(forwarded + 2);
    const numbers = seqs(out.sent);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(((numbers[i - 1] ?? 0) + 1) % 0x10000);
    // The keyframe answered: no more requests.
    clock.advance(10 * KEYFRAME_INTERVAL_MS);
    expect(screen.keyframeRequests).toBe(asked + 2);
  });

  it('a keyframe read too late answers no keyframe request: the one Bob asked for still goes out', async () => {
    const { clock, screen, out } = await sharing();
    const forwarded = out.sent.length;
    const asked = screen.keyframeRequests;
    // Bob lost a packet and asks for a keyframe, due once the repair interval since the last has passed.
    out.askKeyframe();
    expect(screen.keyframeRequests).toBe(asked);
    // A keyframe Ada sent 2.5 s ago is read now: it reaches nobody.
    screen.send(true, 100, clock.now() - 2500);
    expect(out.sent.length).toBe(forwarded);
    clock.advance(REPAIR_INTERVAL_MS);
    expect(screen.keyframeRequests).toBe(asked + 1);
  });
});

describe('StalenessGauge', () => {
  const AUDIO_RATE = 48_000;
  /** Packets of 20 ms audio read as sent from `startTs`, for `ms`; returns how many were stale. */
  function flow(gauge: StalenessGauge, startTs: number, from: number, ms: number, lateBy = 0): number {
    let stale = 0;
    for (let t = 0; t < ms; t += 20) {
      const ts = (startTs + (t / 1000) * AUDIO_RATE) % 0x1_0000_0000;
      if (gauge.stale(7, ts, from + t + lateBy, false)) stale += 1;
    }
    return stale;
  }

  it('decides on a frame’s first packet: a frame is forwarded whole or not at all', () => {
    const gauge = new StalenessGauge(90_000);
    expect(gauge.stale(7, 90_000, 1000, false)).toBe(false);
    // A large frame whose last packets are read 700 ms after its first (a slow pacer).
    expect(gauge.stale(7, 93_000, 1033, false)).toBe(false);
    expect(gauge.stale(7, 93_000, 1733, false)).toBe(false);
    // A frame whose first packet is stale takes its later packets with it, however fresh they look.
    expect(gauge.stale(7, 96_000, 1700, false)).toBe(true);
    expect(gauge.stale(7, 96_000, 1700, false)).toBe(true);
  });

  it('keeps a stream whose RTP timestamps wrap around fresh', () => {
    const gauge = new StalenessGauge(AUDIO_RATE);
    expect(flow(gauge, 0xffff_ffff - 48_000, 0, 3000)).toBe(0);
  });

  it('drops audio read long after it was sent, and takes it again once current', () => {
    const gauge = new StalenessGauge(AUDIO_RATE);
    expect(flow(gauge, 1000, 0, 1000)).toBe(0);
    // One second of audio read 1.5 s late: all of it is stale; then read on time again.
    expect(flow(gauge, 1000 + 48_000, 1000, 1000, 1500)).toBe(50);
    expect(flow(gauge, 1000 + 96_000, 2000, 1000)).toBe(0);
  });

  it('absorbs a sender whose timestamps stood still while it paused, as the room went on', () => {
    const reads = new RoomReads();
    const gauge = new StalenessGauge(AUDIO_RATE, reads);
    const other = new StalenessGauge(AUDIO_RATE, reads);
    expect(flow(gauge, 1000, 0, 1000)).toBe(0);
    expect(flow(other, 5000, 1000, 10_000)).toBe(0);
    // Ten seconds without a packet, then the timestamps go on from where they stopped.
    expect(flow(gauge, 1000 + 48_000, 11_000, 1000)).toBe(0);
  });

  it('judges what it reads after its own stall against the baseline from before', () => {
    const reads = new RoomReads();
    const gauge = new StalenessGauge(AUDIO_RATE, reads);
    const other = new StalenessGauge(AUDIO_RATE, reads);
    expect(flow(gauge, 1000, 0, 1000) + flow(other, 5000, 0, 1000)).toBe(0);
    // Nothing read for 3 s, then the oldest of the backlog.
    expect(gauge.stale(7, 1000 + 48_000, 4000, false)).toBe(true);
    expect(other.stale(7, 5000 + 48_000, 4000, false)).toBe(true);
  });

  it('absorbs a lasting rise of the delay (a slower path) within a few seconds', () => {
    const gauge = new StalenessGauge(AUDIO_RATE);
    expect(flow(gauge, 1000, 0, 2000)).toBe(0);
    const stale = flow(gauge, 1000 + 96_000, 2000, 10_000, 800);
    expect(stale).toBeGreaterThan(0);
    expect(stale * 20).toBeLessThanOrEqual(4000);
  });
});
