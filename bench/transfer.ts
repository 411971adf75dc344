/**
 * `npm run bench:transfer` — MB/s for one file between two Chromium pages on loopback, inside a
 * private network namespace, three ways in the same run:
 *   - Nearcast: the app as a user runs it (file read from disk, SHA-256 on both ends), the receiver once
 *     keeping the file in memory like the baselines (application logic alone) and once writing it to disk
 *     through File System Access), from the click on Accept to "Verified";
 *   - raw: a data channel sending the same bytes from memory, same chunk size and buffering, nothing else;
 *   - PairDrop-style: 64 KiB chunks and a wait for the receiver's acknowledgement after every 1 MiB.
 * Options: --mib N (default 256), --runs N (default 3), --only nearcast|raw|pairdrop. Prints the median
 * of the runs, and the peak memory (RSS) of the browser's processes during the Nearcast runs: a 2 GiB
 * transfer must not hold the file in memory.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, launchPersistentChromium } from '../test/support/chromium';
import { TestFiles } from '../test/support/files';
import { startServerProcess } from '../test/support/server-process';
import { originFileDigest, roomPages, saveToOriginFileSystem } from '../test/e2e/room-pages';
import { benchPair, runPairDrop, runRaw } from './transfer-baselines';

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '256' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const ONLY = values.only;
const MIB = Number(values.mib);
const RUNS = Number(values.runs);
const BYTES = MIB * 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

/** A switch Chromium ignores, to find this run's browser among other Chromium processes. */
const TAG = `--nearcast-bench=${process.pid}`;

/** Resident memory of this run's browser process and all its descendants, in MB. */
function chromiumRssMb(): number {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' });
  const rows = out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4)
    .map(([pid, ppid, rss, ...args]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      rss: Number(rss),
      args: args.join(' '),
    }));
  const tree = new Set(rows.filter((row) => row.args.includes(TAG)).map((row) => row.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (!tree.has(row.pid) && tree.has(row.ppid)) {
        tree.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => tree.has(row.pid)).reduce((sum, row) => sum + row.rss, 0) / 1024;
}

let peakRssMb = 0;
let idleRssMb = 0;

/** SHA-256 of a file received into memory, saved the way a user saves it: the "Save" link's download. */
async function savedBlobDigest(page: Page, item: ReturnType<Page['locator']>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), item.locator('a.save').click()]);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(await download.path())) hash.update(chunk as Buffer);
  await download.delete();
  return hash.digest('hex');
}

async function nearcastRun(
  ada: Page,
  bob: Page,
  path: string,
  name: string,
  sha256: string,
  sink: 'disk' | 'memory',
): Promise<number> {
  // Without File System Access the receiver keeps the parts in memory, as the baselines do.
  await bob.evaluate((mode) => {
    const w = window as unknown as { showSaveFilePicker?: unknown; diskPicker?: unknown };
    w.diskPicker ??= w.showSaveFilePicker;
    w.showSaveFilePicker = mode === 'disk' ? w.diskPicker : undefined;
  }, sink);
  await ada.getByLabel('Send to').selectOption({ label: 'Bob' });
  await ada.getByLabel('Files to send').setInputFiles(path);
  const incoming = bob.locator(`li[aria-label="Receiving ${name}"]`);
  const accept = incoming.getByRole('button', { name: 'Accept' });
  await accept.waitFor();
  idleRssMb = idleRssMb || chromiumRssMb();
  const started = performance.now();
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, chromiumRssMb())), 1_000);
  await accept.click();
  await incoming.getByText(/Verified \(SHA-256\)|Failed|Cancelled/).waitFor({ timeout: 1_800_000 });
  if (!(await incoming.getByText('Verified (SHA-256)').isVisible())) {
    throw new Error(`transfer did not complete: ${await incoming.innerText()}`);
  }
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  // An independent check reads the whole file into one buffer: fine up to a few hundred MiB. Larger
  // files rely on the app's own SHA-256 verification (checked independently by the 200 MiB browser test).
  if (BYTES <= 512 * 1024 * 1024) {
    const digest = sink === 'disk' ? await originFileDigest(bob, name) : await savedBlobDigest(bob, incoming);
    if (digest !== sha256) throw new Error('received file differs');
  }
  return elapsed;
}

async function main(): Promise<void> {
  const files = new TestFiles();
  const server = await startServerProcess(['--log-level', 'silent']);
  const browser = await launchChromium();
  // The receiver gets an on-disk profile (its received files really go to disk) and the tag that
  // the memory figure is measured on.
  const bobBrowser = await launchPersistentChromium([TAG]);
  try {
    const pages = roomPages(browser, () => server.url);
    const ada = await pages.open('Ada', 'bench', saveToOriginFileSystem);
    const bob = await bobBrowser.newPage();
    await bob.addInitScript(saveToOriginFileSystem);
    await bob.goto(`${server.url}?room=bench&name=Bob`);
    await ada.locator('figure[aria-label="Camera of Bob"]').waitFor({ timeout: 20_000 });
    // The baselines carry no media: turn both cameras off and mute, so all three compare the transfer
    // alone rather than the transfer plus encoding and decoding 720p video on the same two cores.
    for (const page of [ada, bob]) {
      await page.getByRole('button', { name: 'Camera off' }).click();
      await page.getByRole('button', { name: 'Camera on' }).waitFor();
      await page.getByRole('button', { name: 'Mute', exact: true }).click();
    }
    await ada.getByRole('button', { name: /^Chat/ }).click();

    const results: Record<string, number[]> = { nearcast: [], nearcastMemory: [], raw: [], pairdrop: [] };
    const pair = await benchPair(browser, server.url);
    for (let run = 0; run < RUNS; run += 1) {
      const name = `bench-${run}.bin`;
      if (!ONLY || ONLY === 'nearcast') {
        const file = files.create(name, BYTES);
        results.nearcast!.push(await nearcastRun(ada, bob, file.path, name, file.sha256, 'disk'));
        if (BYTES <= 512 * 1024 * 1024) {
          const copy = `in-memory-${name}`;
          const again = files.create(copy, BYTES);
          results.nearcastMemory!.push(await nearcastRun(ada, bob, again.path, copy, again.sha256, 'memory'));
          files.remove(again);
        }
        files.remove(file);
      }
      if (!ONLY || ONLY === 'raw') results.raw!.push(await runRaw(pair, BYTES));
      if (!ONLY || ONLY === 'pairdrop') results.pairdrop!.push(await runPairDrop(pair, BYTES));
    }
    const raw = results.raw!.length ? mbps(BYTES, median(results.raw!)) : Number.NaN;
    console.log(`Transfer of ${MIB} MiB between two Chromium pages on loopback, median of ${RUNS} runs:`);
    for (const [label, key] of [
      ['raw data channel (no application logic)', 'raw'],
      ['Nearcast, received into memory', 'nearcastMemory'],
      ['Nearcast, written to disk (File System Access)', 'nearcast'],
      ['PairDrop-style (64 KiB, ack per MiB)', 'pairdrop'],
    ] as const) {
      if (results[key]!.length === 0) continue;
      const rate = mbps(BYTES, median(results[key]!));
      const runs = results[key]!.map((ms) => mbps(BYTES, ms).toFixed(1)).join(', ');
      console.log(
        `  ${label.padEnd(44)} ${rate.toFixed(1).padStart(7)} MB/s  ${((rate / raw) * 100).toFixed(0).padStart(4)}% of raw  (runs: ${runs})`,
      );
    }
    if (results.nearcast!.length) {
      console.log(
        `  receiving browser memory (all its processes): ${idleRssMb.toFixed(0)} MB before, peak ${peakRssMb.toFixed(0)} MB during Nearcast runs`,
      );
    }
  } finally {
    await browser.close();
    await bobBrowser.close();
    await server.stop();
    files.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
