/**
 * Prints `npm run bench:present`'s figures as a Markdown table, ready for docs/PERFORMANCE.md, then
 * the issue's two goals (sharer CPU at 30 viewers within 1.2x of 1; glass-to-glass p50 through the unit
 * within 1.3x of direct) as met or not met. Figures, not assertions: the bench never fails on them.
 */
import type { Window } from './present-measure';

const cores = (w: Window | undefined) => (w ? w.sharerCores.toFixed(2) : '');
const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value)}`;

function goal(name: string, ratio: number | null, limit: number): string {
  if (ratio === null) return `${name}: not measured`;
  return `${name}: ${ratio.toFixed(2)}x (goal ≤ ${limit}x) — ${ratio <= limit ? 'met' : 'not met'}`;
}

/** The Chromium viewer displayed frames and every light viewer received some. */
function reachedEveryone(w: Window): boolean {
  return w.fps > 0 && (!w.lightReceiving || w.lightReceiving[0] === w.lightReceiving[1]);
}

function receivers(w: Window): string {
  const light = w.lightReceiving
    ? `, light viewers receiving ${w.lightReceiving[0]}/${w.lightReceiving[1]}`
    : '';
  return `Chromium viewer ${w.fps.toFixed(1)} fps${light}`;
}

export function printReport(mesh: Window[], unit: Window[]): void {
  const steps = [...new Set([...mesh, ...unit].map((w) => w.viewers))].sort((a, b) => a - b);
  console.log(
    '\n| Viewers | Sharer CPU, mesh (cores) | Sharer CPU, through the unit (cores) | Server CPU, through the unit (cores) | p50 mesh (ms) | p50 unit (ms) | fps mesh / unit |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const viewers of steps) {
    const m = mesh.find((w) => w.viewers === viewers);
    const u = unit.find((w) => w.viewers === viewers);
    console.log(
      `| ${viewers} | ${cores(m)} | ${cores(u)} | ${u ? u.serverCores.toFixed(2) : ''} | ${m ? ms(m.p50) : ''} | ` +
        `${u ? ms(u.p50) : ''} | ${m ? m.fps.toFixed(1) : '–'} / ${u ? u.fps.toFixed(1) : '–'} |`,
    );
  }
  const [firstUnit, lastUnit] = [unit[0], unit.at(-1)];
  if (firstUnit && lastUnit && lastUnit.viewers > firstUnit.viewers) {
    const perViewer = (lastUnit.serverCores - firstUnit.serverCores) / (lastUnit.viewers - firstUnit.viewers);
    console.log(
      `\nforwarding unit: server process (signaling + unit worker) ${firstUnit.serverCores.toFixed(2)} cores at ` +
        `${firstUnit.viewers} viewer(s), ${lastUnit.serverCores.toFixed(2)} at ${lastUnit.viewers}: ` +
        `${(perViewer * 1000).toFixed(1)} millicores per added viewer`,
    );
  }
  const direct = mesh.find((w) => w.viewers === 1)?.p50 ?? null;
  const through = unit.find((w) => w.viewers === 1)?.p50 ?? null;
  console.log(
    `glass-to-glass p50, one viewer: direct peer to peer ${ms(direct)} ms, through the unit ${ms(through)} ms`,
  );
  const at = (viewers: number) => unit.find((w) => w.viewers === viewers);
  const [one, thirty] = [at(1), at(30)];
  const name = 'sharer CPU at 30 viewers / at 1 (unit)';
  if (thirty && !reachedEveryone(thirty)) {
    // A sharer whose share reaches nobody costs little: that ratio would say nothing.
    console.log(`${name}: not met — the share did not reach every viewer at 30 (${receivers(thirty)})`);
  } else {
    console.log(goal(name, one && thirty ? thirty.sharerCores / one.sharerCores : null, 1.2));
  }
  console.log(
    goal('glass-to-glass p50 through the unit / direct', direct && through ? through / direct : null, 1.3),
  );
}
