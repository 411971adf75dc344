/**
 * A unit that fell behind (its machine starved, the publisher's socket queue seconds deep) forwards
 * nothing read while its queue is too deep (queue-probe.ts): the viewers would otherwise watch seconds
 * behind, and the keyframe a late joiner needs would sit behind the backlog. Once current again, the
 * viewer is asked a keyframe and its stream runs on without a gap in sequence numbers.
 */
import { describe, expect, it } from 'vitest';
import { Router } from '../../../server/src/unit/router';
import { KEYFRAME_INTERVAL_MS, REPAIR_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
import { FakeClock } from './fake-clock';
import { FakeEngine, FakeLayer, FakeTrack } from './fake-engine';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const FRAME_MS = 33;

/** Ada shares her screen to Bob, who has its picture; the unit reads every frame as it is sent. */
async function sharing() {
  const clock = new FakeClock();
  const engine = new FakeEngine();
  const router = new Router({ engine, maxSenders: 8, send: () => undefined, warn: () => undefined, clock });
  const screen = new FakeLayer(undefined, 21);
  const track = new FakeTrack('0', 'screen', [screen]);
  router.join('ada');
  router.join('bob');
  engine.publishes[0]?.publish(track);
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
  return { clock, router, screen, track, out };
}

const seqs = (sent: { header: { sequenceNumber: number } }[]) => sent.map((p) => p.header.sequenceNumber);

describe('stale packets', () => {
  it('are not forwarded; the viewer is asked a keyframe once the unit is current, and its stream has no gap', async () => {
    const { clock, router, screen, track, out } = await sharing();
    const forwarded = out.sent.length;
    expect(forwarded).toBe(31);
    // The unit fell behind: what it reads waited too long in its queue.
    track.queueBehind = true;
    const asked = screen.keyframeRequests;
    for (let i = 0; i < 40; i++) screen.send(false);
    expect(out.sent.length).toBe(forwarded);
    expect(router.stats().stalePackets).toBe(40);
    track.queueBehind = false;

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
    const { clock, screen, track, out } = await sharing();
    const forwarded = out.sent.length;
    const asked = screen.keyframeRequests;
    // Bob lost a packet and asks for a keyframe, due once the repair interval since the last has passed.
    out.askKeyframe();
    expect(screen.keyframeRequests).toBe(asked);
    // A keyframe read from a queue seconds deep reaches nobody.
    track.queueBehind = true;
    screen.send(true);
    track.queueBehind = false;
    expect(out.sent.length).toBe(forwarded);
    clock.advance(REPAIR_INTERVAL_MS);
    expect(screen.keyframeRequests).toBe(asked + 1);
  });

  it('decides on a frame’s first packet: a frame is forwarded whole or not at all', async () => {
    const { screen, track, out } = await sharing();
    const forwarded = out.sent.length;
    // The queue crosses the bound mid-frame, one way then the other.
    screen.send(false);
    track.queueBehind = true;
    screen.sendMore();
    expect(out.sent.length).toBe(forwarded + 2);
    screen.send(false);
    track.queueBehind = false;
    screen.sendMore();
    expect(out.sent.length).toBe(forwarded + 2);
  });
});
