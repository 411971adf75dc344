/**
 * ICE restarts through the router, on a hand-driven engine: the subscribe connection restarts when
 * the member asks, also while an offer awaits its answer, and a viewer gets a keyframe when either
 * leg has a path again.
 */
import { describe, expect, it } from 'vitest';
import { KEYFRAME_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
import { Router } from '../../../server/src/unit/router';
import { FakeClock } from './fake-clock';
import { FakeEngine, FakeLayer, FakeTrack } from './fake-engine';

const answer = { kind: 'description', description: { type: 'answer', sdp: 'answer' } } as const;
/** A few turns of the event loop: an answer applied, then the offer batched behind it. */
const turn = async () => {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

async function setup() {
  const engine = new FakeEngine();
  const clock = new FakeClock();
  const router = new Router({ engine, maxSenders: 8, send: () => undefined, warn: () => undefined, clock });
  router.join('alice');
  router.join('bob');
  const layer = new FakeLayer(undefined, 11);
  engine.publishes[0]?.publish(new FakeTrack('0', 'screen', [layer]));
  await turn();
  router.signal('bob', 'subscribe', answer);
  await turn();
  const subscribe = engine.subscribes[1];
  const out = subscribe?.outgoing[0];
  if (!subscribe || !out) throw new Error('no subscribe connection');
  out.becomeReady();
  layer.send(true);
  return { engine, router, subscribe, out, layer, clock };
}

describe('router ICE restart', () => {
  it('offers new ICE credentials when the member asks on subscribe, and only then', async () => {
    const { router, subscribe } = await setup();
    expect(subscribe.iceRestarts).toBe(0);
    router.signal('bob', 'publish', { kind: 'restart' });
    await turn();
    expect(subscribe.offers).toBe(1);
    router.signal('bob', 'subscribe', { kind: 'restart' });
    await turn();
    expect(subscribe).toMatchObject({ offers: 2, iceRestarts: 1 });
  });

  it('restarts in the next offer when asked while an offer awaits its answer', async () => {
    const { engine, router, subscribe } = await setup();
    engine.publishes[0]?.publish(new FakeTrack('1', 'camera', [new FakeLayer(undefined, 12)]));
    await turn();
    expect(subscribe).toMatchObject({ offers: 2, iceRestarts: 0 });
    router.signal('bob', 'subscribe', { kind: 'restart' });
    await turn();
    expect(subscribe.offers).toBe(2);
    router.signal('bob', 'subscribe', answer);
    await turn();
    expect(subscribe).toMatchObject({ offers: 3, iceRestarts: 1 });
  });

  it('asks a keyframe for the viewer when either leg reconnects, again until one arrives', async () => {
    const { engine, subscribe, out, layer, clock } = await setup();
    // The first keyframe came: the viewer's own requests are over.
    clock.advance(KEYFRAME_INTERVAL_MS * 4);
    const asked = layer.keyframeRequests;
    subscribe.reconnect();
    expect(layer.keyframeRequests).toBe(asked + 1);
    // The publisher goes on sending delta frames. The request was lost, or ignored: asked again
    // while no keyframe arrives (a layer that sends nothing is not asked: nothing would answer).
    layer.send(false);
    clock.advance(KEYFRAME_INTERVAL_MS * 2);
    expect(layer.keyframeRequests).toBe(asked + 2);
    layer.send(true);
    expect(out.sent).toHaveLength(3);
    clock.advance(KEYFRAME_INTERVAL_MS * 4);
    expect(layer.keyframeRequests).toBe(asked + 2);

    // The publisher's leg restarted: its viewers lost what it sent meanwhile.
    engine.publishes[0]?.reconnect();
    expect(layer.keyframeRequests).toBe(asked + 3);
  });
});
