/**
 * Turns the frames bench/media.ts collected into figures, and prints them as Markdown tables (one per
 * resolution), ready for docs/PERFORMANCE.md.
 */
import type { DisplayConfig, ScreenStats, VideoFrameInfo } from './media-page';

export interface Measured {
  codec: string;
  height: number;
  preset: DisplayConfig['content'];
  display: DisplayConfig;
  /** Wall times (ms): the click on "Share screen" and the measurement window. */
  clickAt: number;
  window: [number, number];
  /** Frames Ada's page displayed from Bob's screen, and Bob's own preview. */
  screenFrames: VideoFrameInfo[];
  previewFrames: VideoFrameInfo[];
  draws: number[];
  /** getStats of Bob's outbound and Ada's inbound screen stream, at the window's start and end. */
  sent: [ScreenStats | null, ScreenStats | null];
  received: [ScreenStats | null, ScreenStats | null];
  selfCheck: { ok: number; bad: number };
}

export interface Cell {
  codec: string;
  height: number;
  preset: string;
  /** Negotiated codec (outbound-rtp), its encoder and why it limited quality, at the end of the window. */
  usedCodec: string | null;
  encoder: string | null;
  limitation: string | null;
  /** Mean per frame over the window, from getStats: encoding (Bob), jitter buffer and decoding (Ada). */
  encodeMs: number | null;
  jitterBufferMs: number | null;
  decodeMs: number | null;
  firstMs: number | null;
  fullMs: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  /** Send time to arrival of the frame's last packet: capture, encoding, packetization and transport. */
  arrivalP50: number | null;
  previewP50: number | null;
  receivedFps: number;
  sourceFps: number;
  /** Share of displayed frames in the window whose code did not read (checksum failed). */
  unreadable: number;
  /** Share of displayed frames in the window with part of the picture from an earlier frame (or unreadable). */
  stale: number;
  /** Stale or unreadable frames in Bob's own preview, which no encoder touched: a check of the reading itself. */
  previewDamaged: number;
  selfCheck: { ok: number; bad: number };
  line: string;
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`);
const s = (value: number | null): string => (value === null ? '–' : `${(value / 1000).toFixed(2)} s`);

/** Mean seconds per frame between two getStats snapshots, in ms. */
function perFrame(
  before: ScreenStats | null,
  after: ScreenStats | null,
  seconds: 'encodeSeconds' | 'jitterSeconds' | 'decodeSeconds',
  frames: 'framesEncoded' | 'jitterFrames' | 'framesDecoded',
): number | null {
  if (!before || !after || after[frames] <= before[frames]) return null;
  return ((after[seconds] - before[seconds]) / (after[frames] - before[frames])) * 1000;
}

const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;

export function summarize(m: Measured): Cell {
  const [start, end] = m.window;
  const seconds = (end - start) / 1000;
  const inWindow = (f: VideoFrameInfo) => f.shown >= start && f.shown < end;
  const decoded = m.screenFrames.filter((f) => inWindow(f) && f.sent !== null);
  const displayed = m.screenFrames.filter(inWindow);
  const displayedInWindow = displayed.length;
  const latencies = decoded.map((f) => f.shown - f.sent!);
  const arrivals = decoded.filter((f) => f.received !== null).map((f) => f.received! - f.sent!);
  const previewShown = m.previewFrames.filter(inWindow);
  const preview = previewShown.filter((f) => f.sent !== null).map((f) => f.shown - f.sent!);
  const previewDamaged = previewShown.filter((f) => f.stale).length;
  const first = m.screenFrames[0];
  const full = m.screenFrames.find((f) => f.width >= m.display.width && f.height >= m.display.height);
  const [sentBefore, sent] = m.sent;
  const [receivedBefore, received] = m.received;
  const usedCodec = sent?.codec?.replace('video/', '') ?? null;
  const cell: Omit<Cell, 'line'> = {
    codec: m.codec,
    height: m.height,
    preset: m.preset,
    usedCodec,
    encoder: sent?.implementation ?? null,
    limitation: sent?.limitation ?? null,
    encodeMs: perFrame(sentBefore, sent, 'encodeSeconds', 'framesEncoded'),
    jitterBufferMs: perFrame(receivedBefore, received, 'jitterSeconds', 'jitterFrames'),
    decodeMs: perFrame(receivedBefore, received, 'decodeSeconds', 'framesDecoded'),
    firstMs: first ? first.shown - m.clickAt : null,
    fullMs: full ? full.shown - m.clickAt : null,
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
    arrivalP50: percentile(arrivals, 50),
    previewP50: percentile(preview, 50),
    // Frames shown, readable or not; presentedFrames also counts those two callbacks fell between.
    receivedFps:
      displayed.length < 2
        ? 0
        : ((displayed.at(-1)!.presented - displayed[0]!.presented) * 1000) /
          (displayed.at(-1)!.shown - displayed[0]!.shown),
    sourceFps: m.draws.filter((t) => t >= start && t < end).length / seconds,
    unreadable: displayedInWindow === 0 ? 0 : 1 - decoded.length / displayedInWindow,
    stale: displayedInWindow === 0 ? 0 : displayed.filter((f) => f.stale).length / displayedInWindow,
    previewDamaged: previewShown.length === 0 ? 0 : previewDamaged / previewShown.length,
    selfCheck: m.selfCheck,
  };
  const line =
    `${m.height}p ${m.codec} ${m.preset}: codec used ${usedCodec ?? '?'} (${cell.encoder ?? '?'}, ` +
    `sending ${sent?.width ?? '?'} px wide at ${sent?.fps ?? '?'} fps), ` +
    `encode ${ms(cell.encodeMs)}, jitter buffer ${ms(cell.jitterBufferMs)}, decode ${ms(cell.decodeMs)} per frame, ` +
    `first frame ${s(cell.firstMs)}, full ${m.display.width}x${m.display.height} ${s(cell.fullMs)}, ` +
    `latency p50 ${ms(cell.latencyP50)} p95 ${ms(cell.latencyP95)} (last packet p50 ${ms(cell.arrivalP50)}, ` +
    `local preview p50 ${ms(cell.previewP50)}, ${pct(cell.previewDamaged)} stale or unreadable), ${cell.receivedFps.toFixed(1)} of ${cell.sourceFps.toFixed(1)} fps, ` +
    `unreadable ${pct(cell.unreadable)}, stale blocks ${pct(cell.stale)}, limited by ${cell.limitation ?? '?'}, ` +
    `sender self-check ${m.selfCheck.ok} ok ${m.selfCheck.bad} bad`;
  return { ...cell, line };
}

/** One Markdown table per resolution: rows codec x preset. */
export function printTables(cells: Cell[], heights: number[], seconds: number, cameras: boolean): void {
  for (const height of heights) {
    const rows = cells.filter((cell) => cell.height === height);
    if (rows.length === 0) continue;
    console.log(
      `\n${(height * 16) / 9}x${height}, ${seconds} s per cell, cameras ${cameras ? 'on' : 'off'}:\n\n` +
        '| codec | preset | latency p50 | latency p95 | to last packet p50 | encode / jitter buffer / decode | fps shown (drawn) | frames with stale blocks | click → first frame | → full resolution | encoder (limited by) |\n' +
        '| ----- | ------ | ----------: | ----------: | -----------------: | ------------------------------: | ----------------: | -----------------------: | ------------------: | ----------------: | -------------------- |',
    );
    for (const cell of rows) {
      const codec =
        cell.usedCodec === cell.codec ? cell.codec : `${cell.codec} (got ${cell.usedCodec ?? '?'})`;
      console.log(
        `| ${codec} | ${cell.preset} | ${ms(cell.latencyP50)} | ${ms(cell.latencyP95)} | ${ms(cell.arrivalP50)} | ` +
          `${[cell.encodeMs, cell.jitterBufferMs, cell.decodeMs].map((v) => (v === null ? '–' : Math.round(v))).join(' / ')} ms | ` +
          `${cell.receivedFps.toFixed(1)} (${cell.sourceFps.toFixed(1)}) | ${pct(cell.stale)} | ${s(cell.firstMs)} | ` +
          `${cell.fullMs === null ? 'not reached' : s(cell.fullMs)} | ${cell.encoder ?? '?'} (${cell.limitation ?? '?'}) |`,
      );
    }
  }
}
