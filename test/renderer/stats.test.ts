import { describe, expect, it } from 'vitest';
import {
  capturedFps,
  kbpsBetween,
  reduceStats,
  toReport,
  type StatsEntry,
} from '../../renderer/src/rtc/stats';
import recorded from '../fixtures/stats-chromium.json';

/** Two Chromium reports of one link, one second apart (shape as recorded, addresses made up). */
const first = toReport(recorded.first as StatsEntry[]);
const second = toReport(recorded.second as StatsEntry[]);

describe('reduceStats', () => {
  it('describes the candidate pair the transport selected, not just any pair', () => {
    expect(reduceStats(null, second).path).toEqual({
      localType: 'host',
      localAddress: '192.168.1.20:51234',
      remoteType: 'srflx',
      remoteAddress: '192.168.1.31:60412',
      protocol: 'udp',
    });
  });

  it('reads round trip time and the bandwidth estimate', () => {
    const figures = reduceStats(first, second);
    expect(figures.rttMs).toBe(2);
    expect(figures.availableOutKbps).toBe(7534);
  });

  it('computes bitrate in and out from the byte counters between two reports', () => {
    const figures = reduceStats(first, second);
    // 750 000 bytes sent and 375 000 received in one second.
    expect(figures.kbpsOut).toBe(6000);
    expect(figures.kbpsIn).toBe(3000);
    expect(reduceStats(null, second).kbpsOut).toBeNull();
  });

  it('reports each video stream with codec, fps, resolution, loss, jitter and limitation', () => {
    const figures = reduceStats(first, second);
    expect(figures.video).toEqual([
      {
        direction: 'out',
        trackId: 'screen-track',
        codec: 'VP9',
        fps: 15,
        width: 1920,
        height: 1080,
        kbps: 5600,
        lossPercent: 1.6,
        jitterMs: 4,
        limitation: 'bandwidth',
      },
      {
        direction: 'in',
        trackId: 'remote-camera',
        codec: 'VP8',
        fps: 30,
        width: 1280,
        height: 720,
        kbps: 2400,
        // 5 lost of 100 expected in the interval.
        lossPercent: 5,
        jitterMs: 3,
        limitation: null,
      },
    ]);
  });

  it('falls back to the nominated succeeded pair when no transport names one', () => {
    const withoutTransport = new Map([...second].filter(([, entry]) => entry.type !== 'transport'));
    expect(reduceStats(null, withoutTransport).path?.remoteAddress).toBe('192.168.1.31:60412');
  });
});

describe('kbpsBetween', () => {
  it('refuses counters that went backwards or timestamps that did not advance', () => {
    expect(kbpsBetween(2000, 1000, 0, 1000)).toBeNull();
    expect(kbpsBetween(1000, 2000, 1000, 1000)).toBeNull();
    expect(kbpsBetween(0, 125_000, 0, 1000)).toBe(1000);
  });
});

describe('capturedFps', () => {
  it("reads our screen capture's frame rate from the media source, null before there is one", () => {
    expect(capturedFps(second)).toBe(29);
    expect(capturedFps(new Map())).toBeNull();
  });
});
