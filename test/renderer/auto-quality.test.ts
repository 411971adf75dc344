import { describe, expect, it } from 'vitest';
import {
  AUTO_START,
  AutoQuality,
  nextAutoState,
  SAMPLES_TO_MOTION,
  SAMPLES_TO_TEXT,
  type AutoState,
} from '../../renderer/src/rtc/auto-quality';

describe('nextAutoState', () => {
  const run = (start: AutoState, rates: (number | null)[]) => rates.reduce(nextAutoState, start);

  it('starts as text and switches to motion only after sustained motion', () => {
    expect(AUTO_START.mode).toBe('text');
    expect(run(AUTO_START, Array(SAMPLES_TO_MOTION - 1).fill(30)).mode).toBe('text');
    expect(run(AUTO_START, Array(SAMPLES_TO_MOTION).fill(30)).mode).toBe('motion');
  });

  it('ignores a short burst such as a scroll', () => {
    expect(run(AUTO_START, [30, 30, 2, 30, 30, 1]).mode).toBe('text');
  });

  it('goes back to text only after a longer still spell (hysteresis)', () => {
    const motion: AutoState = { mode: 'motion', streak: 0 };
    expect(run(motion, Array(SAMPLES_TO_TEXT - 1).fill(1)).mode).toBe('motion');
    expect(run(motion, Array(SAMPLES_TO_TEXT).fill(1)).mode).toBe('text');
    // In between the thresholds is neither still nor moving: motion stays.
    expect(run(motion, Array(SAMPLES_TO_TEXT * 2).fill(8)).mode).toBe('motion');
  });

  it('changes nothing without a measurement', () => {
    const state: AutoState = { mode: 'text', streak: 2 };
    expect(nextAutoState(state, null)).toBe(state);
  });
});

describe('AutoQuality', () => {
  it('answers each sample with the mode to use, and starts a new share as text', () => {
    const auto = new AutoQuality();
    const modes = [30, 30, 30, 1].map((fps) => auto.feed(fps));
    expect(modes).toEqual(['text', 'text', 'motion', 'motion']);
    expect(auto.mode).toBe('motion');
    auto.reset();
    expect(auto.mode).toBe('text');
    // The streak starts over too: two moving samples after a reset are not yet three.
    auto.feed(30);
    expect(auto.feed(30)).toBe('text');
  });

  it('keeps its mode through samples that measured nothing', () => {
    const auto = new AutoQuality();
    [30, 30, null, null, 30].forEach((fps) => auto.feed(fps));
    expect(auto.mode).toBe('motion');
  });
});
