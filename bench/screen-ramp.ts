/**
 * `node scripts/run-in-netns.mjs tsx bench/screen-ramp.ts` (after `npm run build:web`) — how long a
 * shared screen takes to arrive at its source resolution, in two Chromium pages on loopback:
 *   - Nearcast: Bob clicks "Share screen", Ada's tile is sampled every 100 ms;
 *   - untuned: two RTCPeerConnections in one page, the same fake screen added with addTrack and
 *     nothing else (what WebRTC does by default: bandwidth estimation starts low and ramps up).
 * It also times the camera (whose first seconds depend on the start bitrate, see start-bitrate.ts) from
 * the moment Bob's page loads. Prints, per run, the time to the first decoded frame and to full
 * resolution (or the width reached after 20 s). Options: --runs N (default 3).
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { roomPages } from '../test/e2e/room-pages';
import { launchChromium } from '../test/support/chromium';
import { startServerProcess } from '../test/support/server-process';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
const LIMIT_MS = 20_000;

interface Ramp {
  firstFrameMs: number | null;
  fullMs: number | null;
  width: number;
  sourceWidth: number;
}

/** Samples a video element until it is as wide as the source (`knownWidth`, or the `sourceSelector` video). */
async function sampleRamp(
  page: Page,
  selector: string,
  sourceSelector: string,
  startedAt: number,
  knownWidth = 0,
): Promise<Ramp> {
  let firstFrameMs: number | null = null;
  let width = 0;
  let sourceWidth = knownWidth;
  while (Date.now() - startedAt < LIMIT_MS) {
    const sample = await page.evaluate(
      ([target, source]) => ({
        width: document.querySelector<HTMLVideoElement>(target!)?.videoWidth ?? 0,
        source: document.querySelector<HTMLVideoElement>(source!)?.videoWidth ?? 0,
      }),
      [selector, sourceSelector],
    );
    width = sample.width;
    sourceWidth = sample.source || sourceWidth;
    if (width > 0 && firstFrameMs === null) firstFrameMs = Date.now() - startedAt;
    if (width > 0 && sourceWidth > 0 && width >= sourceWidth) {
      return { firstFrameMs, fullMs: Date.now() - startedAt, width, sourceWidth };
    }
    await page.waitForTimeout(100);
  }
  return { firstFrameMs, fullMs: null, width, sourceWidth };
}

/** The width of a local preview, once it shows a frame. */
async function widthOf(page: Page, selector: string): Promise<number> {
  await page.locator(selector).waitFor();
  return page.evaluate(async (target) => {
    const video = document.querySelector<HTMLVideoElement>(target)!;
    while (video.videoWidth === 0) await new Promise((r) => setTimeout(r, 50));
    return video.videoWidth;
  }, selector);
}

async function nearcastRun(baseUrl: string, run: number): Promise<Ramp> {
  const browser = await launchChromium();
  try {
    const pages = roomPages(browser, () => baseUrl);
    const ada = await pages.open('Ada', `ramp-${run}`);
    const joinedAt = Date.now();
    const bob = await pages.open('Bob', `ramp-${run}`);
    const cameraWidth = await widthOf(bob, 'figure[aria-label="Your camera (Bob)"] video');
    const camera = await sampleRamp(
      ada,
      'figure[aria-label="Camera of Bob"] video',
      'none',
      joinedAt,
      cameraWidth,
    );
    console.log(`run ${run} camera:   ${show(camera)} (from Bob's page load)`);
    const startedAt = Date.now();
    await bob.getByRole('button', { name: 'Share screen' }).click();
    // The source width is that of Bob's own preview; Ada's page cannot see it, so read it first.
    const sourceWidth = await widthOf(bob, 'figure[aria-label="Your shared screen"] video');
    return await sampleRamp(
      ada,
      'figure[aria-label="Screen shared by Bob"] video',
      'none',
      startedAt,
      sourceWidth,
    );
  } finally {
    await browser.close();
  }
}

/** The same fake screen between two plain peer connections in one page, with WebRTC's defaults. */
async function untunedRun(baseUrl: string): Promise<Ramp> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getDisplayMedia({
        video: { frameRate: { ideal: 30, max: 30 } },
      });
      const [a, b] = [new RTCPeerConnection(), new RTCPeerConnection()];
      a.onicecandidate = ({ candidate }) => candidate && void b.addIceCandidate(candidate);
      b.onicecandidate = ({ candidate }) => candidate && void a.addIceCandidate(candidate);
      const source = Object.assign(document.createElement('video'), {
        id: 'source',
        muted: true,
        srcObject: stream,
      });
      const sink = Object.assign(document.createElement('video'), { id: 'sink', muted: true });
      b.ontrack = ({ streams }) => (sink.srcObject = streams[0] ?? null);
      document.body.append(source, sink);
      void source.play();
      sink.autoplay = true;
      stream.getTracks().forEach((track) => a.addTrack(track, stream));
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
    });
    return await sampleRamp(page, '#sink', '#source', Date.now());
  } finally {
    await browser.close();
  }
}

const show = (ramp: Ramp): string =>
  `first frame ${ramp.firstFrameMs ?? '–'} ms, ` +
  (ramp.fullMs === null
    ? `still ${ramp.width} of ${ramp.sourceWidth} px wide after ${LIMIT_MS / 1000} s`
    : `full ${ramp.sourceWidth} px after ${ramp.fullMs} ms`);

const server = await startServerProcess();
try {
  for (let run = 1; run <= RUNS; run++) {
    console.log(`run ${run} Nearcast: ${show(await nearcastRun(server.url, run))}`);
    console.log(`run ${run} untuned:  ${show(await untunedRun(server.url))}`);
  }
} finally {
  await server.stop();
}
