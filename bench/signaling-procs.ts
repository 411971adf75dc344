/**
 * Process plumbing for `npm run bench:signaling`: starting a built server under node and waiting for its
 * ready line, stopping it, and reading its CPU time and resident memory from Linux /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** CPU time a process used so far, in ms (Linux /proc; clock ticks are 100 Hz there). */
export function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in KiB, from /proc (Linux only; 0 elsewhere). */
export function rssKib(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** One V8 garbage collection of a server process, from `--trace-gc-nvp`, stamped on arrival. */
export interface GcEvent {
  at: number;
  /** V8 isolate: a loader or worker thread of the process collects on its own, apart from the server's. */
  isolate: string;
  /** `s` scavenge (young generation), `mc` mark-compact (full), `ms` minor mark-sweep. */
  kind: string;
  pauseMs: number;
  promotedBytes: number;
  /** Heap in use after the collection (objects that survived it plus fragmentation). */
  heapAfterBytes: number;
}

/**
 * Starts `node [--cpu-prof] [--trace-gc-nvp] <args>` and resolves once stdout matches
 * `ready`. With `gc`, the process's collections are parsed from its stdout into `gcEvents`.
 */
export async function startProcess(
  args: string[],
  ready: RegExp,
  options: { profileDir?: string; gc?: boolean } = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; gcEvents: GcEvent[] }> {
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const trace = options.gc ? ['--trace-gc-nvp'] : [];
  const child = spawn(process.execPath, [...profile, ...trace, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let partial = '';
  const gcEvents: GcEvent[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (!options.gc) {
      out += chunk;
      return;
    }
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const kind = / gc=(\w+) /.exec(line)?.[1];
      if (!kind) {
        out += `${line}\n`;
        continue;
      }
      const field = (name: string) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
      gcEvents.push({
        at: performance.now(),
        isolate: /^\[\d+:(\w+)\]/.exec(line)?.[1] ?? '',
        kind,
        pauseMs: field('pause'),
        promotedBytes: field('promoted'),
        heapAfterBytes: field('total_size_after') - field('holes_size_after'),
      });
    }
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = ready.exec(out);
    if (match) return { child, match, gcEvents };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * The server's GC over [from, to] (performance.now() times): pause and promoted bytes per second, full
 * collections, and the smallest heap one of them left (the live heap, roughly).
 */
export function gcNote(events: GcEvent[], from: number, to: number): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.isolate, (counts.get(e.isolate) ?? 0) + 1);
  // The server's own isolate is the one that collects most.
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const inside = events.filter((e) => e.isolate === main && e.at >= from && e.at <= to);
  const seconds = (to - from) / 1000;
  const pause = inside.reduce((n, e) => n + e.pauseMs, 0) / seconds;
  const promoted = inside.reduce((n, e) => n + e.promotedBytes, 0) / seconds / 1024 / 1024;
  const longest = Math.max(0, ...inside.map((e) => e.pauseMs));
  const full = inside.filter((e) => e.kind === 'mc');
  const live = full.length ? `, heap after them ${mb(Math.min(...full.map((e) => e.heapAfterBytes)))}` : '';
  return (
    `GC ${pause.toFixed(1)} ms paused/s (longest ${longest.toFixed(1)} ms), ` +
    `${promoted.toFixed(2)} MB/s promoted, ${full.length} full GCs${live}`
  );
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
