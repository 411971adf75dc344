/**
 * Simulcast through the router, on a hand-driven engine: each viewer gets one layer chosen from its
 * bandwidth estimate, the switch waits for a keyframe of the new layer (asked for), and the viewer
 * sees one stream whose sequence numbers run on without a gap.
 */
import { describe, expect, it } from 'vitest';
import type { UnitSignal } from '../../../common/signaling/unit';
import { Router } from '../../../server/src/unit/router';
import { KEYFRAME_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
import { FakeClock } from './fake-clock';
import { FakeEngine, FakeLayer, FakeTrack } from './fake-engine';

async function setup(clock?: FakeClock) {
  const engine = new FakeEngine();
  const signals: { peerId: string; signal: UnitSignal }[] = [];
  const router = new Router({
    engine,
    maxSenders: 8,
    send: (peerId, signal) => signals.push({ peerId, signal }),
    warn: () => undefined,
    clock,
  });
  router.join('alice');
  router.join('bob');
  const [low, mid, high] = [new FakeLayer('l', 11), new FakeLayer('m', 12), new FakeLayer('h', 13)];
  const track = new FakeTrack('0', 'camera', [low, mid, high] as FakeLayer[]);
  engine.publishes[0]?.publish(track);
  // The subscribe offer goes out on the next turn of the event loop, batched.
  await new Promise((resolve) => setImmediate(resolve));
  const bobOffer = signals.find((s) => s.peerId === 'bob' && s.signal.pc === 'subscribe');
  router.signal('bob', 'subscribe', {
    kind: 'description',
    description: { type: 'answer', sdp: 'answer' },
  });
  await new Promise((resolve) => setImmediate(resolve));
  const out = engine.subscribes[1]?.outgoing[0];
  if (!out || !low || !mid || !high) throw new Error('no outgoing track');
  out.becomeReady();
  return { router, out, low, mid, high, bobOffer };
}

/** One second's worth of packets on every layer: 150 kbps, 500 kbps and 1.5 Mbps. */
function flow(layers: FakeLayer[], keyframe: boolean): void {
  const sizes = [625, 2083, 6250];
  layers.forEach((layer, i) => layer.send(keyframe, (sizes[i] as number) * 30));
}

describe('router simulcast', () => {
  it('names the track in the viewer’s offer and starts on the top layer’s keyframe', async () => {
    const { router, out, high, bobOffer } = await setup();
    expect(bobOffer?.signal.tracks).toEqual([
      { mid: '0', owner: 'alice', streamId: 'camera', kind: 'video' },
    ]);
    expect(high.keyframeRequests).toBe(1);
    high.send(false);
    expect(out.sent).toHaveLength(0);
    high.send(true);
    high.send(false);
    expect(out.sent).toHaveLength(2);
    expect(router.stats().subscriptions[0]).toMatchObject({ subscriber: 'bob', owner: 'alice', layer: 'h' });
  });

  it('asks again, paced, until the keyframe a viewer starts on arrives: a request can be lost or ignored', async () => {
    const clock = new FakeClock();
    const { out, high } = await setup(clock);
    expect(high.keyframeRequests).toBe(1);
    // The publisher sends on without a keyframe (its encoder ignored the request, or it was lost).
    high.send(false);
    clock.advance(KEYFRAME_INTERVAL_MS + 100);
    expect(high.keyframeRequests).toBe(2);
    high.send(false);
    clock.advance(KEYFRAME_INTERVAL_MS + 100);
    expect(high.keyframeRequests).toBe(3);
    high.send(true);
    expect(out.sent).toHaveLength(1);
    clock.advance(10 * KEYFRAME_INTERVAL_MS);
    expect(high.keyframeRequests).toBe(3);
  });

  it('does not keep asking a track that sends nothing (a camera turned off), and asks once it flows', async () => {
    const clock = new FakeClock();
    const { out, high } = await setup(clock);
    expect(high.keyframeRequests).toBe(1);
    // No layer sends a packet: no encoder is there to answer, whatever is asked.
    clock.advance(10 * (KEYFRAME_INTERVAL_MS + 100));
    expect(high.keyframeRequests).toBe(1);
    // The camera is back, without a keyframe: the viewer still waiting is asked for at once.
    high.send(false);
    clock.advance(KEYFRAME_INTERVAL_MS + 100);
    expect(high.keyframeRequests).toBe(2);
    high.send(true);
    expect(out.sent).toHaveLength(1);
  });

  it('moves a viewer whose bandwidth drops to the layer that fits, on that layer’s keyframe', async () => {
    const { router, out, low, mid, high } = await setup();
    flow([low, mid, high], true);
    const onHigh = out.sent.length;
    expect(router.stats().subscriptions[0]?.layer).toBe('h');

    out.feedback({ estimatedBitrate: 300_000 });
    expect(low.keyframeRequests).toBe(1);
    // Until the low layer's keyframe, the viewer keeps the high layer.
    flow([low, mid, high], false);
    expect(router.stats().subscriptions[0]?.layer).toBe('h');
    low.send(true);
    expect(router.stats().subscriptions[0]?.layer).toBe('l');
    high.send(false);
    low.send(false);
    const sequence = out.sent.map((packet) => packet.header.sequenceNumber);
    expect(out.sent.length).toBe(onHigh + 3);
    expect(sequence).toEqual(sequence.map((_, i) => (sequence[0] as number) + i));
    expect(new Set(out.sent.map((packet) => packet.header.ssrc)).size).toBe(1);
  });

  it('moves a viewer back up when its bandwidth grows with headroom', async () => {
    const { router, out, low, mid, high } = await setup();
    flow([low, mid, high], true);
    out.feedback({ estimatedBitrate: 300_000 });
    low.send(true);
    expect(router.stats().subscriptions[0]?.layer).toBe('l');
    out.feedback({ estimatedBitrate: 5_000_000, fractionLost: 0 });
    mid.send(true);
    expect(router.stats().subscriptions[0]?.layer).toBe('m');
  });

  it('passes a viewer’s keyframe request to the layer it receives, throttled', async () => {
    const { out, high } = await setup();
    high.send(true);
    const before = high.keyframeRequests;
    out.askKeyframe();
    out.askKeyframe();
    out.askKeyframe();
    // The first request at the start is inside the window: these wait for its end, as one.
    expect(high.keyframeRequests).toBe(before);
  });

  it('takes a publisher’s ended track out of the viewer’s next offer', async () => {
    const engine = new FakeEngine();
    const signals: UnitSignal[] = [];
    const router = new Router({
      engine,
      maxSenders: 8,
      send: (_p, s) => signals.push(s),
      warn: () => undefined,
    });
    router.join('alice');
    router.join('bob');
    engine.publishes[0]?.publish(new FakeTrack('0', 'screen', [new FakeLayer(undefined, 5)]));
    await new Promise((resolve) => setImmediate(resolve));
    router.signal('bob', 'subscribe', { kind: 'description', description: { type: 'answer', sdp: 'a' } });
    await new Promise((resolve) => setImmediate(resolve));
    engine.publishes[0]?.end('0');
    await new Promise((resolve) => setImmediate(resolve));
    expect(signals.at(-1)?.tracks).toEqual([]);
    expect(router.stats().subscriptions).toEqual([]);
  });

  it('gives a viewer without feedback a layer that flows when the top one does not', async () => {
    const { router, out, low } = await setup();
    // The publisher's estimate allows only the low layer; the viewer sends no report (no packet yet).
    for (let i = 0; i < 60; i++) low.send(i % 30 === 0, 625);
    expect(router.stats().subscriptions[0]?.layer).toBe('l');
    expect(out.sent.length).toBeGreaterThan(0);
  });
});
