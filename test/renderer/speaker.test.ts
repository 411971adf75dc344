import { describe, expect, it } from 'vitest';
import { HOLD_MS, SpeakerDetector, SWITCH_AFTER_MS } from '../../renderer/src/rtc/speaker';

const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('SpeakerDetector', () => {
  it('highlights the first voice above the floor and ignores background noise', () => {
    const detector = new SpeakerDetector();
    expect(detector.update(levels({ ada: 0.01, bob: 0.02 }), 0)).toBeNull();
    expect(detector.update(levels({ ada: 0.3, bob: 0.02 }), 100)).toBe('ada');
  });

  it('moves to another voice only once it has led for a moment', () => {
    const detector = new SpeakerDetector();
    detector.update(levels({ ada: 0.3 }), 0);
    expect(detector.update(levels({ ada: 0.1, bob: 0.5 }), 100)).toBe('ada');
    expect(detector.update(levels({ ada: 0.3, bob: 0.1 }), 200)).toBe('ada');
    expect(detector.update(levels({ ada: 0.1, bob: 0.5 }), 300)).toBe('ada');
    expect(detector.update(levels({ ada: 0.1, bob: 0.5 }), 300 + SWITCH_AFTER_MS)).toBe('bob');
  });

  it('keeps the highlight through short pauses, then clears it', () => {
    const detector = new SpeakerDetector();
    detector.update(levels({ ada: 0.3 }), 0);
    expect(detector.update(levels({ ada: 0 }), HOLD_MS - 1)).toBe('ada');
    expect(detector.update(levels({ ada: 0 }), HOLD_MS + 1)).toBeNull();
  });

  it('forgets someone who left', () => {
    const detector = new SpeakerDetector();
    detector.update(levels({ ada: 0.3 }), 0);
    detector.forget('ada');
    expect(detector.active).toBeNull();
  });
});
