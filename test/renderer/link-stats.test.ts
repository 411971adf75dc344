import { afterEach, describe, expect, it, vi } from 'vitest';
import { HISTORY_LENGTH, LinkStats, type StatsSource } from '../../renderer/src/rtc/link-stats';
import type { StatsEntry } from '../../renderer/src/rtc/stats';
import recorded from '../fixtures/stats-chromium.json';

afterEach(() => vi.useRealTimers());

/** A link whose getStats answers the given reports in turn, then the last one again. */
function linkAnswering(reports: StatsEntry[][], sender: RTCRtpSender | null = null) {
  const queue = [...reports];
  const getStats = vi.fn(async () => (queue.length > 1 ? queue.shift() : queue[0]) ?? []);
  const link: StatsSource = {
    // Entries stand in for an RTCStatsReport: the engine only iterates them with forEach.
    pc: { getStats: getStats as unknown as RTCPeerConnection['getStats'] },
    screenVideoSender: () => sender,
    iceRestarts: 0,
  };
  return { link, getStats };
}

/** The selected pair of a report taken at `second`, with byte counters growing by 125 000 (1 Mbps). */
function pairReport(second: number): StatsEntry[] {
  const entry = (fields: Record<string, unknown>) => ({ timestamp: second * 1000, ...fields }) as StatsEntry;
  return [
    entry({ id: 'T', type: 'transport', selectedCandidatePairId: 'CP' }),
    entry({ id: 'CP', type: 'candidate-pair', bytesSent: second * 125_000, bytesReceived: second * 62_500 }),
  ];
}

describe('LinkStats', () => {
  it('reads each report against the previous one and tells who listens', async () => {
    const { link } = linkAnswering([recorded.first, recorded.second] as StatsEntry[][]);
    const stats = new LinkStats(link);
    const views: unknown[] = [];
    stats.on('changed', (view) => views.push(view));
    await stats.sampleNow();
    expect(stats.view.figures?.kbpsOut).toBeNull();
    expect(stats.view.history).toEqual([]);
    await stats.sampleNow();
    expect(stats.view.figures?.kbpsOut).toBe(6000);
    expect(stats.view.history).toEqual([{ kbpsIn: 3000, kbpsOut: 6000 }]);
    expect(views).toHaveLength(2);
  });

  it('keeps one minute of bitrate history, oldest dropped first', async () => {
    const reports = Array.from({ length: HISTORY_LENGTH + 3 }, (_, i) => pairReport(i));
    const { link } = linkAnswering(reports);
    const stats = new LinkStats(link);
    for (let i = 0; i < reports.length; i += 1) await stats.sampleNow();
    expect(stats.view.history).toHaveLength(HISTORY_LENGTH);
    expect(stats.view.history.at(-1)).toEqual({ kbpsIn: 500, kbpsOut: 1000 });
  });

  it("shows our screen sender's limits as the encoder was told them", async () => {
    const sender = {
      getParameters: () => ({
        encodings: [{ maxBitrate: 8_000_000, maxFramerate: 15 }],
        degradationPreference: 'maintain-resolution',
      }),
    } as unknown as RTCRtpSender;
    const { link } = linkAnswering([recorded.second] as StatsEntry[][], sender);
    const stats = new LinkStats(link);
    await stats.sampleNow();
    expect(stats.view.screen).toEqual({
      maxBitrate: 8_000_000,
      maxFramerate: 15,
      degradationPreference: 'maintain-resolution',
    });
  });

  it('reads at start and each second after, and not once stopped', async () => {
    vi.useFakeTimers();
    const { link, getStats } = linkAnswering([recorded.second] as StatsEntry[][]);
    const stats = new LinkStats(link);
    stats.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(getStats).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(getStats).toHaveBeenCalledTimes(3);
    stats.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(getStats).toHaveBeenCalledTimes(3);
  });
});
