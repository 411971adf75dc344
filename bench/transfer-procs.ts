/**
 * CPU time and memory of the benchmark's browsers, read from /proc. Each browser is found by a switch
 * Chromium ignores (`--nearcast-bench=...`) and includes all its descendant processes (renderers,
 * network service, GPU and utility processes) with all their threads.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Pids of the processes whose command line holds `tag`, and of all their descendants. */
export function processTree(tag: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 3)
    .map(([pid, ppid, ...args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args.join(' ') }));
  const tree = new Set(rows.filter((row) => row.args.includes(tag)).map((row) => row.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (!tree.has(row.pid) && tree.has(row.ppid)) {
        tree.add(row.pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process has exited
  }
}

/** User plus system CPU seconds the processes have used so far (threads included). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  }
  return ticks / TICKS_PER_SECOND;
}

/** Resident memory of the processes, in MB. */
export function rssMb(pids: number[]): number {
  const pageKb = 4;
  let kb = 0;
  for (const pid of pids) {
    const statm = read(`/proc/${pid}/statm`);
    if (statm) kb += Number(statm.split(' ')[1]) * pageKb;
  }
  return kb / 1024;
}

/** CPU seconds used so far per thread name (`comm`, e.g. CrRendererMain), over the processes. */
export function cpuByThread(pids: number[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      totals.set(name, (totals.get(name) ?? 0) + seconds);
    }
  }
  return totals;
}
