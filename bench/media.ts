/**
 * `npm run bench:media` — how a call's video behaves in two Chromium pages of the real web client,
 * joined to one room on loopback inside a private network namespace:
 *   - once per codec run: from both pages joined (room heading shown) to each showing the other's camera;
 *   - per resolution x codec x preset, for a screen Bob shares: from the click on "Share screen" to
 *     Ada's first frame and to her first frame at full resolution, then for --seconds the glass-to-glass
 *     latency of every frame Ada's page displays (its send time is drawn into it, see media-frame-code.ts)
 *     and the frames per second she sees.
 * The codec is forced by trimming the capabilities the app reads (onlyCodec) and confirmed from the
 * sender's getStats. The preset is picked in the app's "Share options" menu, as a user does; it
 * sticks to the next share, so each cell shares with its preset in force from the click.
 * Options: --seconds N (default 8), --only VP8,VP9,H264,AV1, --resolutions 720,1080,
 * --presets text,motion, --cameras (keep both cameras on while sharing; off by default).
 */
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startServerProcess } from '../test/support/server-process';
import { chooseSharePreset } from '../test/support/share-menu';
import { installFrameCode } from './media-frame-code';
import { installBench, NAME_SHIM, onlyCodec, type DisplayConfig, type VideoFrameInfo } from './media-page';
import { printTables, summarize, type Cell } from './media-report';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    only: { type: 'string', default: 'VP8,VP9,H264,AV1' },
    resolutions: { type: 'string', default: '720,1080' },
    presets: { type: 'string', default: 'text,motion' },
    cameras: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CODECS = values.only.split(',').map((name) => name.trim().toUpperCase());
const HEIGHTS = values.resolutions.split(',').map(Number);
const PRESETS = values.presets.split(',').map((name) => name.trim()) as DisplayConfig['content'][];
/** How long a share may take to reach full resolution before the measurement starts anyway. */
const RAMP_LIMIT_MS = 12_000;

const NO_SIZE = { width: 0, height: 0 };
const SCREEN_AT_ADA = 'figure[aria-label="Screen shared by Bob"]';

/** A page of the web client joined to `room`, with the bench scripts installed before the app loads. */
async function openPage(browser: Browser, baseUrl: string, name: string, room: string, mime: string) {
  const context = await browser.newContext();
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript(onlyCodec, mime);
  await context.addInitScript(installFrameCode);
  await context.addInitScript(installBench);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  await page.goto(`${baseUrl}?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  await page.getByRole('heading', { name: room }).waitFor({ timeout: 20_000 });
  return page;
}

/** Polls `check` in the page every 200 ms until it is true or `ms` have passed; returns whether it was. */
async function until(
  page: Page,
  check: (size: { width: number; height: number }) => boolean,
  size: { width: number; height: number },
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await page.evaluate(check, size)) return true;
    await page.waitForTimeout(200);
  }
  return false;
}

/** The codecs this Chromium can both send and receive. */
async function availableCodecs(browser: Browser): Promise<Set<string>> {
  const page = await browser.newPage();
  // No helper functions in here: this page has no __name shim (see NAME_SHIM).
  const mimes = await page.evaluate(() => {
    const send = new Set(RTCRtpSender.getCapabilities('video')?.codecs.map((c) => c.mimeType));
    const receive = RTCRtpReceiver.getCapabilities('video')?.codecs.map((c) => c.mimeType) ?? [];
    return receive.filter((mime) => send.has(mime));
  });
  await page.close();
  return new Set(mimes.map((mime) => mime.replace('video/', '').toUpperCase()));
}

async function shareScreen(bob: Page, ada: Page, display: DisplayConfig): Promise<number> {
  await bob.evaluate((config) => (window.__bench.display = config), display);
  await Promise.all([ada, bob].map((page) => page.evaluate(() => window.__bench.take())));
  await bob.getByRole('button', { name: 'Share screen' }).click();
  return bob.evaluate(() => window.__bench.shareClickAt!);
}

async function stopSharing(bob: Page, ada: Page): Promise<void> {
  await bob.getByRole('button', { name: 'Stop sharing' }).click();
  await ada.locator(SCREEN_AT_ADA).waitFor({ state: 'detached', timeout: 20_000 });
}

/** One cell: share at `height` with `preset` already chosen, measure, leave the next preset chosen. */
async function measureCell(
  bob: Page,
  ada: Page,
  codec: string,
  height: number,
  preset: DisplayConfig['content'],
  nextPreset: DisplayConfig['content'] | undefined,
): Promise<Cell> {
  const display: DisplayConfig = { width: (height * 16) / 9, height, content: preset };
  const clickAt = await shareScreen(bob, ada, display);
  await until(
    ada,
    ({ width, height }) =>
      window.__bench.frames.some(
        (f) => f.label.startsWith('Screen shared by') && f.width >= width && f.height >= height,
      ),
    display,
    RAMP_LIMIT_MS,
  );
  const stats = () =>
    Promise.all([bob, ada].map((page) => page.evaluate(() => window.__bench.screenStats())));
  const before = await stats();
  const windowStart = Date.now();
  await ada.waitForTimeout(SECONDS * 1000);
  const windowEnd = Date.now();
  const after = await stats();
  const received = await ada.evaluate(() => window.__bench.take());
  const local = await bob.evaluate(() => window.__bench.take());
  if (nextPreset && nextPreset !== preset) await chooseSharePreset(bob, nextPreset);
  await stopSharing(bob, ada);
  const screenFrames: VideoFrameInfo[] = received.frames.filter((f) => f.label === 'Screen shared by Bob');
  const previewFrames = local.frames.filter((f) => f.label === 'Your shared screen');
  return summarize({
    codec,
    height,
    preset,
    display,
    clickAt,
    window: [windowStart, windowEnd],
    screenFrames,
    previewFrames,
    draws: local.draws,
    sent: [before[0]!, after[0]!],
    received: [before[1]!, after[1]!],
    selfCheck: local.selfCheck,
  });
}

/** One browser, two pages, every cell for one codec. Returns the cells and the camera figure. */
async function codecRun(baseUrl: string, codec: string): Promise<{ cells: Cell[]; cameraMs: number | null }> {
  const browser = await launchChromium();
  try {
    const room = `media-${codec}-${process.pid}`;
    const ada = await openPage(browser, baseUrl, 'Ada', room, `video/${codec}`);
    const bob = await openPage(browser, baseUrl, 'Bob', room, `video/${codec}`);
    const bothSee = await Promise.all([
      until(ada, () => 'Camera of Bob' in window.__bench.firstCamera, NO_SIZE, 20_000),
      until(bob, () => 'Camera of Ada' in window.__bench.firstCamera, NO_SIZE, 20_000),
    ]);
    const marks = await Promise.all(
      [ada, bob].map((page) =>
        page.evaluate(() => ({ joined: window.__bench.joinedAt!, cameras: window.__bench.firstCamera })),
      ),
    );
    const cameraMs = bothSee.every(Boolean)
      ? Math.max(marks[0]!.cameras['Camera of Bob']!, marks[1]!.cameras['Camera of Ada']!) -
        Math.max(marks[0]!.joined, marks[1]!.joined)
      : null;
    const offsets = await Promise.all(
      [ada, bob].map((page) => page.evaluate(() => window.__bench.clockOffset())),
    );
    console.log(
      `${codec}: both joined → both show the other's camera: ${cameraMs === null ? 'not within 20 s' : `${Math.round(cameraMs)} ms`}; ` +
        `page clocks vs system clock: Ada ${offsets[0]!.toFixed(2)} ms, Bob ${offsets[1]!.toFixed(2)} ms`,
    );
    if (!values.cameras) {
      for (const page of [ada, bob]) await page.getByRole('button', { name: 'Camera off' }).click();
    }
    // The first preset is chosen before the first share, as the share menu allows.
    await chooseSharePreset(bob, PRESETS[0]!);

    const cells: Cell[] = [];
    const order = PRESETS.flatMap((preset) => HEIGHTS.map((height) => ({ preset, height })));
    for (const [index, { preset, height }] of order.entries()) {
      const cell = await measureCell(bob, ada, codec, height, preset, order[index + 1]?.preset);
      console.log(cell.line);
      cells.push(cell);
    }
    return { cells, cameraMs };
  } finally {
    await browser.close();
  }
}

const server = await startServerProcess();
const startedAt = Date.now();
try {
  const probe = await launchChromium();
  const available = await availableCodecs(probe);
  await probe.close();
  const cells: Cell[] = [];
  const cameras: string[] = [];
  for (const codec of CODECS) {
    if (!available.has(codec)) {
      console.log(`${codec}: not available in this Chromium (not in both send and receive capabilities)`);
      continue;
    }
    const run = await codecRun(server.url, codec);
    cells.push(...run.cells);
    cameras.push(`${codec} run ${run.cameraMs === null ? '–' : `${Math.round(run.cameraMs)} ms`}`);
  }
  console.log(`\nboth joined → both show the other's camera: ${cameras.join(', ')}`);
  printTables(cells, HEIGHTS, SECONDS, values.cameras);
  console.log(`\ntotal ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
} finally {
  await server.stop();
}
