/**
 * Turns the points `npm run bench:engines` measured into figures, and prints them as a Markdown table
 * ready for docs/PERFORMANCE.md.
 */
import type { ForwarderCounts, EngineName } from './protocol';
import type { Tally } from './load';

/** One engine at one number of viewers, over the measurement window. */
export interface Point {
  engine: EngineName;
  viewers: number;
  seconds: number;
  /** Forwarder process CPU (user + system, all threads) over the window, in seconds. */
  cpuSeconds: number;
  /** The benchmark's own process (publisher and all receivers) over the window, in CPU seconds. */
  peersCpuSeconds: number;
  rssMb: number;
  /** One per viewer, through the forwarder. */
  viewersTally: Tally[];
  /** The one receiver fed by the publisher directly, at the same time. */
  direct: Tally;
  counts: ForwarderCounts;
  /** Connections that failed to come up and were made again before the measurement. */
  retries: number;
  load: [number, number];
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function ms(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(2)} ms`;
}

/** Least-squares slope of CPU (cores) against viewers, per engine: the cost of one more viewer. */
export function cpuPerViewer(points: Point[]): number | null {
  const xs = points.map((p) => p.viewers);
  const ys = points.map((p) => p.cpuSeconds / p.seconds);
  if (new Set(xs).size < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/** The table row of a point. */
function row(point: Point): string {
  const through = point.viewersTally.flatMap((t) => t.delays).sort((a, b) => a - b);
  const direct = [...point.direct.delays].sort((a, b) => a - b);
  const expected = point.viewersTally.reduce((sum, t) => sum + t.expected, 0);
  const received = point.viewersTally.reduce((sum, t) => sum + t.received, 0);
  const worst = Math.min(...point.viewersTally.map((t) => t.received / Math.max(1, t.expected)));
  const lost = expected - received;
  const p50 = percentile(through, 50);
  const directP50 = percentile(direct, 50);
  const added = p50 !== null && directP50 !== null ? p50 - directP50 : null;
  const cells = [
    point.engine,
    String(point.viewers),
    (point.cpuSeconds / point.seconds).toFixed(3),
    `${((100 * received) / Math.max(1, expected)).toFixed(2)} % (worst ${(100 * worst).toFixed(2)} %)`,
    String(lost),
    `${ms(p50)} / ${ms(percentile(through, 95))}`,
    `${ms(directP50)} / ${ms(percentile(direct, 95))}`,
    ms(added),
    `${point.rssMb.toFixed(0)} MB`,
    `${point.load[0].toFixed(2)} → ${point.load[1].toFixed(2)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The whole run as Markdown: the table, then the CPU per viewer of each engine. */
export function formatReport(points: Point[]): string {
  const header = [
    'engine',
    'viewers',
    'forwarder CPU (cores)',
    'packets delivered per viewer',
    'lost (all viewers)',
    'delay through, p50 / p95',
    'delay direct, p50 / p95',
    'added p50',
    'forwarder RSS',
    'load (1 min)',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...points.map(row),
  ];
  lines.push('');
  for (const engine of new Set(points.map((p) => p.engine))) {
    const slope = cpuPerViewer(points.filter((p) => p.engine === engine));
    lines.push(
      `- ${engine}: CPU per viewer (slope over the points) ${slope === null ? '–' : slope.toFixed(4)} core`,
    );
  }
  return lines.join('\n');
}
