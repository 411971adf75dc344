import { describe, expect, it } from 'vitest';
import {
  KeyframeThrottle,
  KEYFRAME_INTERVAL_MS,
  REPAIR_INTERVAL_MS,
} from '../../../server/src/unit/keyframe-throttle';
import { FakeClock } from './fake-clock';

function setup() {
  const clock = new FakeClock();
  const sent: number[] = [];
  const throttle = new KeyframeThrottle(() => sent.push(clock.now()), clock);
  return { clock, sent, throttle };
}

describe('keyframe throttle', () => {
  it('passes the first request at once', () => {
    const { sent, throttle, clock } = setup();
    throttle.request('start');
    expect(sent).toEqual([clock.now()]);
  });

  it('sends one request for many inside the window, when the window ends', () => {
    const { sent, throttle, clock } = setup();
    const start = clock.now();
    throttle.request('start');
    for (let i = 0; i < 30; i++) {
      clock.advance(5);
      throttle.request('start');
    }
    expect(sent).toEqual([start]);
    clock.advance(KEYFRAME_INTERVAL_MS);
    expect(sent).toEqual([start, start + KEYFRAME_INTERVAL_MS]);
    clock.advance(10 * KEYFRAME_INTERVAL_MS);
    expect(sent).toHaveLength(2);
  });

  it('never drops a request: one asked just before the window ends still goes out', () => {
    const { sent, throttle, clock } = setup();
    throttle.request('start');
    clock.advance(KEYFRAME_INTERVAL_MS - 1);
    throttle.request('start');
    clock.advance(1);
    expect(sent).toHaveLength(2);
  });

  it('passes a request at once when the last one is older than the interval', () => {
    const { sent, throttle, clock } = setup();
    throttle.request('start');
    clock.advance(KEYFRAME_INTERVAL_MS + 50);
    throttle.request('start');
    expect(sent).toHaveLength(2);
    expect(throttle.sent).toBe(2);
  });

  it('sends nothing after it is disposed', () => {
    const { sent, throttle, clock } = setup();
    throttle.request('start');
    throttle.request('start');
    throttle.dispose();
    clock.advance(KEYFRAME_INTERVAL_MS * 2);
    expect(sent).toHaveLength(1);
  });

  it('paces repairs a full repair interval apart, and a start request no later than its own interval', () => {
    const { sent, throttle, clock } = setup();
    const start = clock.now();
    throttle.request('repair');
    clock.advance(KEYFRAME_INTERVAL_MS);
    throttle.request('repair');
    expect(sent).toEqual([start]);
    // A new viewer's first picture cannot wait for the repair pace: the waiting request is brought forward.
    throttle.request('start');
    expect(sent).toEqual([start, start + KEYFRAME_INTERVAL_MS]);
    clock.advance(REPAIR_INTERVAL_MS);
    expect(sent).toHaveLength(2);
  });

  it('drops what waits when a keyframe arrives, and paces the next repair from that keyframe', () => {
    const { sent, throttle, clock } = setup();
    throttle.request('repair');
    throttle.request('repair');
    clock.advance(100);
    throttle.keyframe();
    clock.advance(2 * REPAIR_INTERVAL_MS);
    expect(sent).toHaveLength(1);
    // The publisher's own keyframe: a repair asked just after it waits a full interval from it.
    throttle.keyframe();
    const keyframeAt = clock.now();
    clock.advance(10);
    throttle.request('repair');
    clock.advance(REPAIR_INTERVAL_MS - 20);
    expect(sent).toHaveLength(1);
    clock.advance(10);
    expect(sent).toEqual([sent[0], keyframeAt + REPAIR_INTERVAL_MS]);
  });
});
