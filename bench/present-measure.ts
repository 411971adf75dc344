/**
 * What `npm run bench:present` measures in one window: the CPU of the sharer's whole browser (every
 * Chromium process it runs, from the DevTools protocol), the CPU of the server process (signaling and
 * the forwarding unit's worker thread together, from /proc), and the glass-to-glass latency of the
 * frames one Chromium viewer displays (their send time is drawn into them, see media-frame-code.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { installFrameCode } from './media-frame-code';
import { installBench, NAME_SHIM, type VideoFrameInfo } from './media-page';
import { cpuMs } from './signaling-procs';

export const SCREEN_LABEL = 'Screen shared by Ada';

/** One measurement window; cores are CPU seconds per wall second. */
export interface Window {
  viewers: number;
  sharerCores: number;
  serverCores: number;
  /** This process: the light viewers (werift receivers), and the bench's own driving of the pages. */
  lightCores: number;
  /** Glass-to-glass p50 at the Chromium viewer, ms; null when no frame's code read. */
  p50: number | null;
  /** Frames per second that Chromium viewer displayed. */
  fps: number;
  /** The screen's size at that viewer at the end of the window. */
  width: number;
  height: number;
  codec: string | null;
  /** Light viewers that received whole frames of the share during the window, of how many. */
  lightReceiving: [number, number] | null;
}

/** A page of the web client joined to `room` with the bench's fake screen and frame probe installed. */
export async function openBenchPage(
  browser: Browser,
  baseUrl: string,
  name: string,
  room: string,
): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript(installFrameCode);
  await context.addInitScript(installBench);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  await page.goto(`${baseUrl}?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  await page.getByRole('heading', { name: room }).waitFor({ timeout: 60_000 });
  // As in the measurements: muted, cameras off, the screen the only media.
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByRole('button', { name: 'Camera off' }).click();
  return page;
}

/** CPU seconds used so far by every process of `browser`. */
export async function browserCpuSeconds(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as {
      processInfo: { cpuTime: number }[];
    };
    return processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
  } finally {
    await session.detach();
  }
}

/** Polls the page until it has displayed a frame of the share at least `width` wide, or `ms` pass. */
export async function waitForScreen(page: Page, width: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const seen = await page.evaluate(
      ({ label, width }) => window.__bench.frames.some((f) => f.label === label && f.width >= width),
      { label: SCREEN_LABEL, width },
    );
    if (seen) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Measures `seconds` of the share: the sharer's browser, the server process, the viewer page's frames.
 * `light` reports how many light viewers received frames meanwhile (counted before and after).
 */
export async function measureWindow(
  {
    sharer,
    viewer,
    serverPid,
    light,
  }: {
    sharer: Browser;
    viewer: Page;
    serverPid: number | undefined;
    light?: () => { frames: number[] };
  },
  viewers: number,
  seconds: number,
): Promise<Window> {
  await viewer.evaluate(() => window.__bench.take());
  const lightBefore = light?.().frames;
  const [sharerBefore, serverBefore, start] = [await browserCpuSeconds(sharer), cpuMs(serverPid), Date.now()];
  const ownBefore = process.cpuUsage();
  await viewer.waitForTimeout(seconds * 1000);
  const own = process.cpuUsage(ownBefore);
  const [sharerAfter, serverAfter, end] = [await browserCpuSeconds(sharer), cpuMs(serverPid), Date.now()];
  const lightAfter = light?.().frames;
  const elapsed = (end - start) / 1000;
  const { frames } = await viewer.evaluate(() => window.__bench.take());
  const screen: VideoFrameInfo[] = frames.filter((f) => f.label === SCREEN_LABEL);
  const latencies = screen.filter((f) => f.sent !== null && !f.stale).map((f) => f.shown - f.sent!);
  const stats = await viewer.evaluate(() => window.__bench.screenStats());
  const last = screen.at(-1);
  return {
    viewers,
    sharerCores: (sharerAfter - sharerBefore) / elapsed,
    serverCores: (serverAfter - serverBefore) / 1000 / elapsed,
    lightCores: (own.user + own.system) / 1e6 / elapsed,
    p50: median(latencies),
    fps: screen.length / elapsed,
    width: last?.width ?? 0,
    height: last?.height ?? 0,
    codec: stats?.codec ?? null,
    lightReceiving:
      lightBefore && lightAfter
        ? [lightAfter.filter((frames, i) => frames > lightBefore[i]!).length, lightAfter.length]
        : null,
  };
}
