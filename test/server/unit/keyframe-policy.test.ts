/**
 * What a room of viewers costs the publisher in keyframes. A viewer that lost packets asks for a
 * keyframe (PLI) after its NACKs failed; 30 lossy viewers asking at once must not make the sharer
 * encode a keyframe every few hundred milliseconds. A viewer that has no picture yet (it joined, or
 * switches layer) is asked for promptly all the same: the issue wants a late joiner's first keyframe
 * within a second.
 */
import { describe, expect, it } from 'vitest';
import { Router } from '../../../server/src/unit/router';
import { KEYFRAME_INTERVAL_MS, REPAIR_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
import { FakeClock } from './fake-clock';
import { FakeEngine, FakeLayer, FakeTrack, type FakeOutgoing } from './fake-engine';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Ada shares one layer (no simulcast); `viewers` members receive it, each past its first keyframe. */
async function room(viewers: number) {
  const clock = new FakeClock();
  const engine = new FakeEngine();
  const router = new Router({ engine, maxSenders: 8, send: () => undefined, warn: () => undefined, clock });
  const screen = new FakeLayer(undefined, 21);
  router.join('ada');
  const outs: FakeOutgoing[] = [];
  const join = async (name: string): Promise<FakeOutgoing> => {
    router.join(name);
    await turn();
    router.signal(name, 'subscribe', { kind: 'description', description: { type: 'answer', sdp: 'a' } });
    await turn();
    const out = engine.subscribes.at(-1)?.outgoing[0] as FakeOutgoing;
    out.becomeReady();
    return out;
  };
  engine.publishes[0]?.publish(new FakeTrack('0', 'screen', [screen]));
  for (let i = 0; i < viewers; i++) outs.push(await join(`viewer ${i}`));
  screen.send(true);
  // Every viewer now receives the share; what the start asked for is past.
  clock.advance(REPAIR_INTERVAL_MS);
  return { clock, router, screen, outs, join };
}

describe('keyframe requests from a room of viewers', () => {
  it('30 viewers losing packets cost the sharer one keyframe per second, not one per request window', async () => {
    const { clock, screen, outs } = await room(30);
    const before = screen.keyframeRequests;
    // For three seconds every viewer asks every 50 ms, and the keyframes the sharer sends are lost.
    for (let t = 0; t < 3000; t += 50) {
      for (const out of outs) out.askKeyframe();
      screen.send(false);
      clock.advance(50);
    }
    // One when the first asks, then one per interval: at 1, 2 and 3 s.
    expect(screen.keyframeRequests - before).toBeLessThanOrEqual(1 + 3000 / REPAIR_INTERVAL_MS);
    expect(screen.keyframeRequests - before).toBeGreaterThanOrEqual(2);
  });

  it('a keyframe that arrives answers every viewer still waiting to be asked for', async () => {
    const { clock, screen, outs } = await room(5);
    outs[0]!.askKeyframe();
    const asked = screen.keyframeRequests;
    // More viewers lost the same packets; before their request is due, the sharer's keyframe comes.
    clock.advance(100);
    for (const out of outs) out.askKeyframe();
    clock.advance(100);
    screen.send(true);
    clock.advance(5 * REPAIR_INTERVAL_MS);
    expect(screen.keyframeRequests).toBe(asked);
  });

  it('a repair request waits a full interval after the last keyframe, whoever asked for it', async () => {
    const { clock, screen, outs } = await room(3);
    const before = screen.keyframeRequests;
    // The sharer's own keyframe (its periodic one, or one asked for by another viewer's layer switch).
    screen.send(true);
    clock.advance(200);
    outs[1]!.askKeyframe();
    clock.advance(REPAIR_INTERVAL_MS - 250);
    expect(screen.keyframeRequests).toBe(before);
    clock.advance(50);
    expect(screen.keyframeRequests).toBe(before + 1);
  });

  it('a viewer joining right after a repair keyframe is still asked for within the short interval', async () => {
    const { clock, screen, outs, join } = await room(3);
    outs[0]!.askKeyframe();
    clock.advance(REPAIR_INTERVAL_MS);
    outs[0]!.askKeyframe();
    const repaired = screen.keyframeRequests;
    screen.send(true);
    clock.advance(50);
    const late = await join('late joiner');
    clock.advance(KEYFRAME_INTERVAL_MS);
    expect(screen.keyframeRequests).toBe(repaired + 1);
    screen.send(true);
    expect(late.sent).toHaveLength(1);
  });

  it('counts the requests viewers made apart from those passed on to the sharer', async () => {
    const { clock, router, screen, outs } = await room(4);
    const before = router.stats();
    for (const out of outs) out.askKeyframe();
    clock.advance(50);
    screen.send(true);
    clock.advance(REPAIR_INTERVAL_MS);
    const after = router.stats();
    expect(after.keyframeRequestsReceived - before.keyframeRequestsReceived).toBe(4);
    expect(after.keyframeRequests - before.keyframeRequests).toBe(1);
  });

  it('a viewer with a picture moving to another layer is paced like a repair, not like a new viewer', async () => {
    const clock = new FakeClock();
    const engine = new FakeEngine();
    const router = new Router({ engine, maxSenders: 8, send: () => undefined, warn: () => undefined, clock });
    const [low, high] = [new FakeLayer('l', 31), new FakeLayer('h', 32)];
    router.join('ada');
    router.join('bob');
    engine.publishes[0]?.publish(new FakeTrack('0', 'screen', [low, high]));
    await turn();
    router.signal('bob', 'subscribe', { kind: 'description', description: { type: 'answer', sdp: 'a' } });
    await turn();
    const out = engine.subscribes[1]?.outgoing[0] as FakeOutgoing;
    out.becomeReady();
    low.send(true, 625 * 30);
    high.send(true, 6250 * 30);
    expect(router.stats().subscriptions[0]?.layer).toBe('h');
    // Bob's estimate drops: he should move to the low layer, whose keyframe does not come (an encoder
    // busy with the room, or a request lost). He keeps the high layer's picture meanwhile.
    out.feedback({ estimatedBitrate: 300_000 });
    const asked = low.keyframeRequests;
    for (let t = 0; t < 3000; t += 100) {
      low.send(false, 625 * 3);
      high.send(false, 6250 * 3);
      clock.advance(100);
    }
    expect(router.stats().subscriptions[0]?.layer).toBe('h');
    expect(low.keyframeRequests - asked).toBeLessThanOrEqual(3000 / REPAIR_INTERVAL_MS);
    low.send(true, 625 * 3);
    expect(router.stats().subscriptions[0]?.layer).toBe('l');
  });
});
