/**
 * `npm run bench:transfer` — MB/s for one file between two Chromium pages on loopback, inside a
 * private network namespace, three ways in the same run:
 *   - Nearcast: the app as a user runs it (file read from disk, SHA-256 on both ends, written to disk
 *     through File System Access), from the click on Accept to "Verified";
 *   - raw: a data channel sending the same bytes from memory, same chunk size and buffering, nothing else;
 *   - PairDrop-style: 64 KiB chunks and a wait for the receiver's acknowledgement after every 1 MiB.
 * Options: --mib N (default 256), --runs N (default 3). Prints the median of the runs.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { TestFiles } from '../test/support/files';
import { startServerProcess } from '../test/support/server-process';
import { originFileDigest, roomPages, saveToOriginFileSystem } from '../test/e2e/room-pages';
import { benchPair, runPairDrop, runRaw } from './transfer-baselines';

const { values } = parseArgs({
  options: { mib: { type: 'string', default: '256' }, runs: { type: 'string', default: '3' } },
});
const MIB = Number(values.mib);
const RUNS = Number(values.runs);
const BYTES = MIB * 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

async function nearcastRun(
  ada: Page,
  bob: Page,
  path: string,
  name: string,
  sha256: string,
): Promise<number> {
  await ada.getByLabel('Send to').selectOption({ label: 'Bob' });
  await ada.getByLabel('Files to send').setInputFiles(path);
  const incoming = bob.locator(`li[aria-label="Receiving ${name}"]`);
  const accept = incoming.getByRole('button', { name: 'Accept' });
  await accept.waitFor();
  const started = performance.now();
  await accept.click();
  await incoming.getByText('Verified (SHA-256)').waitFor({ timeout: 300_000 });
  const elapsed = performance.now() - started;
  if ((await originFileDigest(bob, name)) !== sha256) throw new Error('received file differs');
  return elapsed;
}

async function main(): Promise<void> {
  const files = new TestFiles();
  const server = await startServerProcess(['--log-level', 'silent']);
  const browser = await launchChromium();
  try {
    const pages = roomPages(browser, () => server.url);
    const ada = await pages.open('Ada', 'bench', saveToOriginFileSystem);
    const bob = await pages.open('Bob', 'bench', saveToOriginFileSystem);
    await ada.locator('figure[aria-label="Camera of Bob"]').waitFor({ timeout: 20_000 });
    await ada.getByRole('button', { name: /^Chat/ }).click();

    const results: Record<string, number[]> = { nearcast: [], raw: [], pairdrop: [] };
    const pair = await benchPair(browser, server.url);
    for (let run = 0; run < RUNS; run += 1) {
      const name = `bench-${run}.bin`;
      const file = files.create(name, BYTES);
      results.nearcast!.push(await nearcastRun(ada, bob, file.path, name, file.sha256));
      results.raw!.push(await runRaw(pair, BYTES));
      results.pairdrop!.push(await runPairDrop(pair, BYTES));
    }
    const raw = mbps(BYTES, median(results.raw!));
    console.log(`Transfer of ${MIB} MiB between two Chromium pages on loopback, median of ${RUNS} runs:`);
    for (const [label, key] of [
      ['raw data channel (no application logic)', 'raw'],
      ['Nearcast (read + SHA-256 + write to disk)', 'nearcast'],
      ['PairDrop-style (64 KiB, ack per MiB)', 'pairdrop'],
    ] as const) {
      const rate = mbps(BYTES, median(results[key]!));
      const runs = results[key]!.map((ms) => mbps(BYTES, ms).toFixed(1)).join(', ');
      console.log(
        `  ${label.padEnd(44)} ${rate.toFixed(1).padStart(7)} MB/s  ${((rate / raw) * 100).toFixed(0).padStart(4)}% of raw  (runs: ${runs})`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
    files.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
