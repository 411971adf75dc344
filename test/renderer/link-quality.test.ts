import { describe, expect, it } from 'vitest';
import { linkQuality } from '../../renderer/src/rtc/link-quality';
import type { LinkFigures, VideoFigures } from '../../renderer/src/rtc/stats';

function figures(rttMs: number | null, losses: (number | null)[] = []): LinkFigures {
  const video = losses.map((lossPercent): VideoFigures => ({
    direction: 'in',
    trackId: null,
    codec: null,
    fps: null,
    width: null,
    height: null,
    kbps: null,
    lossPercent,
    jitterMs: null,
    limitation: null,
  }));
  return { path: null, rttMs, kbpsIn: null, kbpsOut: null, availableOutKbps: null, video };
}

describe('linkQuality', () => {
  it('says good, fair or poor from the round trip and the worst video loss', () => {
    expect(linkQuality('connected', figures(20, [0, 1]))).toBe('good');
    expect(linkQuality('connected', figures(200, [0]))).toBe('fair');
    expect(linkQuality('connected', figures(20, [0, 5]))).toBe('fair');
    expect(linkQuality('connected', figures(600, [0]))).toBe('poor');
    expect(linkQuality('connected', figures(20, [12]))).toBe('poor');
    expect(linkQuality('connected', figures(null, [0.5]))).toBe('good');
  });

  it('says what it cannot measure, and a link that is not up', () => {
    expect(linkQuality('connected', null)).toBe('unknown');
    expect(linkQuality('connected', figures(null, [null]))).toBe('unknown');
    expect(linkQuality('connecting', figures(20))).toBe('connecting');
    expect(linkQuality('reconnecting', figures(20))).toBe('lost');
    expect(linkQuality('failed', null)).toBe('lost');
  });
});
