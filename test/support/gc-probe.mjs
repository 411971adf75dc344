/**
 * Preloaded into a server process (`node --expose-gc --import test/support/gc-probe.mjs out/server/cli.js`,
 * with an IPC channel) by test/server/young-garbage.test.ts, so the test can force collections in the
 * built server, the code a LAN box runs, and read what they left, with no timing involved:
 *
 * - `{ op: 'settle' }`: two full collections (whatever is alive is now in the old generation), then a
 *   record of the heap starts; answers `{}`.
 * - `{ op: 'measure' }`: three young-generation collections; answers how much the old generation and
 *   ArrayBuffers grew since `settle`, and how many full collections V8 ran on its own in between.
 */
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';

// `gc()` is a full collection; `gc({ type: 'major' })` is not, on Node 20's V8.
const gc = globalThis.gc;
if (typeof gc !== 'function') throw new Error('gc-probe needs node --expose-gc');

function oldSpaceBytes() {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
}

/** Lets I/O callbacks already queued run between collections; waits for nothing else. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

let profiler = null;
let before = null;

process.on('message', async (message) => {
  if (message?.op === 'settle') {
    profiler?.stop();
    for (let i = 0; i < 2; i++) {
      gc();
      await turn();
    }
    profiler = new GCProfiler();
    profiler.start();
    before = { arrayBuffers: process.memoryUsage().arrayBuffers, oldSpace: oldSpaceBytes() };
    process.send({});
  } else if (message?.op === 'measure' && profiler && before) {
    for (let i = 0; i < 3; i++) {
      gc({ type: 'minor' });
      await turn();
    }
    const fullCollections = profiler
      .stop()
      .statistics.filter((event) => event.gcType === 'MarkSweepCompact').length;
    profiler = null;
    process.send({
      arrayBuffers: process.memoryUsage().arrayBuffers - before.arrayBuffers,
      oldSpace: oldSpaceBytes() - before.oldSpace,
      fullCollections,
    });
  }
});
// The channel alone does not keep the server running, nor stop it from exiting.
process.channel?.unref();
