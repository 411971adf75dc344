import { describe, expect, it } from 'vitest';
import { KeyframeThrottle, KEYFRAME_INTERVAL_MS } from '../../../server/src/unit/keyframe-throttle';
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
    throttle.request();
    expect(sent).toEqual([clock.now()]);
  });

  it('sends one request for many inside the window, when the window ends', () => {
    const { sent, throttle, clock } = setup();
    const start = clock.now();
    throttle.request();
    for (let i = 0; i < 30; i++) {
      clock.advance(5);
      throttle.request();
    }
    expect(sent).toEqual([start]);
    clock.advance(KEYFRAME_INTERVAL_MS);
    expect(sent).toEqual([start, start + KEYFRAME_INTERVAL_MS]);
    clock.advance(10 * KEYFRAME_INTERVAL_MS);
    expect(sent).toHaveLength(2);
  });

  it('never drops a request: one asked just before the window ends still goes out', () => {
    const { sent, throttle, clock } = setup();
    throttle.request();
    clock.advance(KEYFRAME_INTERVAL_MS - 1);
    throttle.request();
    clock.advance(1);
    expect(sent).toHaveLength(2);
  });

  it('passes a request at once when the last one is older than the interval', () => {
    const { sent, throttle, clock } = setup();
    throttle.request();
    clock.advance(KEYFRAME_INTERVAL_MS + 50);
    throttle.request();
    expect(sent).toHaveLength(2);
    expect(throttle.sent).toBe(2);
  });

  it('sends nothing after it is disposed', () => {
    const { sent, throttle, clock } = setup();
    throttle.request();
    throttle.request();
    throttle.dispose();
    clock.advance(KEYFRAME_INTERVAL_MS * 2);
    expect(sent).toHaveLength(1);
  });
});
