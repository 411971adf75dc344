/**
 * `npm run bench:pointer` — how long a viewer's pointer takes to reach the sharer's screen: the
 * standalone server and Chromium pages of the real web client on loopback, inside a private network
 * namespace. Ada shares her screen; Bob watches and picks "Point". Per sample, Bob's mouse moves to a
 * new point of the shared picture; the latency runs from the pointermove event in Bob's page to the
 * first animation frame after Ada's preview moved Bob's pointer (the frame it is drawn in), both on the
 * pages' common clock (`performance.timeOrigin + performance.now()`, one machine). Samples run one
 * after the other, each waiting for the last to be drawn, so none queues behind another. It includes
 * Bob's page holding a move for its next animation frame (the sender's rate limit), the data channel,
 * the receiver's checks and Vue's redraw. Prints p50, p95 and the worst.
 * Options: --samples N (default 200).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startServerProcess } from '../test/support/server-process';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '200' } } });
const SAMPLES = Number(values.samples);
/** Moves before the measured ones: the first warm the JIT and the channel. */
const WARM_UP = 20;
const SCREEN = 'Screen shared by Ada';
const OWN_SCREEN = 'Your shared screen';

function percentile(list: number[], p: number): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** In Bob's page: the time of every pointermove, on the common clock. */
function stampMoves(): void {
  const moves: number[] = [];
  (window as unknown as { moves: number[] }).moves = moves;
  document.addEventListener('pointermove', () => moves.push(performance.timeOrigin + performance.now()), {
    capture: true,
  });
}

/** In Ada's page: the frame each new position of a pointer on her preview is drawn in. */
function stampDrawn(label: string): void {
  const drawn: number[] = [];
  (window as unknown as { drawn: number[] }).drawn = drawn;
  // The whole page: the tile may be laid out anew (and its layer replaced) while the call settles.
  new MutationObserver((records) => {
    const moved = records.some((record) => {
      const target = record.target as Element;
      return target.classList.contains('pointer') && target.closest(`figure[aria-label="${label}"]`);
    });
    if (moved) requestAnimationFrame(() => drawn.push(performance.timeOrigin + performance.now()));
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['style'] });
}

async function open(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, name: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${url}?room=pointer-bench&name=${name}`);
  await page.getByRole('heading', { name: 'pointer-bench' }).waitFor({ timeout: 30_000 });
  return page;
}

async function pictureBox(page: Page) {
  return page.evaluate((selector) => {
    const video = document.querySelector<HTMLVideoElement>(selector)!;
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const [width, height] = [video.videoWidth * scale, video.videoHeight * scale];
    return {
      left: box.left + (box.width - width) / 2,
      top: box.top + (box.height - height) / 2,
      width,
      height,
    };
  }, `figure[aria-label="${SCREEN}"] video`);
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const browser = await launchChromium();
  try {
    const ada = await open(browser, server.url, 'Ada');
    const bob = await open(browser, server.url, 'Bob');
    await ada.getByRole('button', { name: 'Share screen' }).click();
    await bob.waitForFunction(
      (selector) => (document.querySelector<HTMLVideoElement>(selector)?.videoWidth ?? 0) > 0,
      `figure[aria-label="${SCREEN}"] video`,
      { timeout: 60_000 },
    );
    await ada.getByRole('figure', { name: OWN_SCREEN }).waitFor();
    await bob.evaluate(stampMoves);
    await ada.evaluate(stampDrawn, OWN_SCREEN);
    await bob
      .getByRole('figure', { name: SCREEN })
      .getByRole('button', { name: 'Point', exact: true })
      .click();
    const picture = await pictureBox(bob);
    // Until Bob's link to Ada has said hello both ways, his pointer goes nowhere: wait for the first.
    const pointerAtAda = ada
      .getByRole('figure', { name: OWN_SCREEN })
      .getByRole('img', { name: 'Pointer of Bob' });
    for (let i = 0; (await pointerAtAda.count()) === 0; i++) {
      if (i > 120) throw new Error("Bob's pointer never reached Ada");
      await bob.mouse.move(
        picture.left + picture.width * (0.4 + (i % 2) * 0.2),
        picture.top + picture.height / 2,
      );
      await ada.waitForTimeout(250);
    }
    const latencies: number[] = [];
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      const before = await ada.evaluate(() => (window as unknown as { drawn: number[] }).drawn.length);
      const moved = await bob.evaluate(() => (window as unknown as { moves: number[] }).moves.length);
      // A walk over the picture, never twice on the same point in a row.
      const x = 0.1 + 0.8 * (((i * 37) % 100) / 100);
      const y = 0.1 + 0.8 * (((i * 61) % 100) / 100);
      await bob.mouse.move(picture.left + x * picture.width, picture.top + y * picture.height);
      await ada.waitForFunction(
        (count) => (window as unknown as { drawn: number[] }).drawn.length > count,
        before,
        { timeout: 30_000 },
      );
      const drawnAt = await ada.evaluate(
        (count) => (window as unknown as { drawn: number[] }).drawn[count]!,
        before,
      );
      const movedAt = await bob.evaluate(
        (count) => (window as unknown as { moves: number[] }).moves[count]!,
        moved,
      );
      if (i >= WARM_UP) latencies.push(drawnAt - movedAt);
    }
    const [one, five, fifteen] = loadavg().map((load) => load.toFixed(1));
    console.log(`pointer latency, viewer's mouse move → drawn on the sharer's preview (${SAMPLES} samples)`);
    console.log(`machine: ${cpus().length} cores, load average ${one} / ${five} / ${fifteen}`);
    console.log(
      `p50 ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))}   max ${ms(Math.max(...latencies))}`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
