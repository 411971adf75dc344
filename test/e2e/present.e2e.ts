/**
 * Presenting to a whole room through the forwarding unit, on one host: Ada shares her screen from
 * Chromium to 2 Chromium viewers and enough light viewers (werift, test/support/light-viewer.ts) to
 * make a room of 30. Every viewer decodes (Chromium) or receives whole frames (light) of the share; a
 * viewer who joins late gets a keyframe within 1 s of its subscribe connection connecting (the bound
 * the issue sets, measured from the viewer's own event times); a viewer that advertises little
 * bandwidth gets the screen's low simulcast layer while another keeps the high one, and the high one
 * again once its limit is lifted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { LightViewer, type TrackCount } from '../support/light-viewer';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitForDecodingVideo } from './probes';
import { roomPages, type RoomPages } from './room-pages';

const ROOM = 'all-hands';
const MEMBERS = 30;
const SCREEN = 'Screen shared by Ada';
/** A bandwidth no screen's high layer fits in, and far above what its low layer needs to start. */
const LOW_BPS = 150_000;

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
let ada: Page;
const chromiumViewers: Page[] = [];
const lightViewers: LightViewer[] = [];

function screenAt(viewer: LightViewer): TrackCount | null {
  const owner = viewer.peerNamed('Ada');
  return owner ? viewer.screenOf(owner) : null;
}

function width(viewer: LightViewer): number {
  return screenAt(viewer)?.keyframeSize?.width ?? 0;
}

/** Joins a light viewer and waits until it receives whole frames of Ada's screen. */
async function watching(viewer: LightViewer, frames: number): Promise<TrackCount> {
  await viewer.until(
    () => (screenAt(viewer)?.keyframes ?? 0) > 0 && (screenAt(viewer)?.frames ?? 0) >= frames,
    `${frames} frames of Ada's screen after a keyframe`,
  );
  return screenAt(viewer)!;
}

/** Runs in Ada's page before the app: the capabilities it orders its codecs by list VP8 alone. */
function onlyVp8(): void {
  for (const side of [RTCRtpSender, RTCRtpReceiver]) {
    const native = side.getCapabilities.bind(side);
    side.getCapabilities = (kind: string) => {
      const capabilities = native(kind);
      if (!capabilities || kind !== 'video') return capabilities;
      return { ...capabilities, codecs: capabilities.codecs.filter((c) => /\/(vp8|rtx)$/i.test(c.mimeType)) };
    };
  }
}

async function turnOffMedia(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByRole('button', { name: 'Camera off' }).click();
}

beforeAll(async () => {
  // Every member connects from 127.0.0.1, above the default 32 connections per address with reconnects.
  server = await startServerProcess(['--connection-limit', '100']);
  browser = await launchChromium();
  pages = roomPages(browser, () => server.url);
  // VP8, whose keyframes carry their size: the light viewers tell the simulcast layers apart by it.
  ada = await pages.open('Ada', ROOM, onlyVp8);
  for (const name of ['Bea', 'Cy']) chromiumViewers.push(await pages.open(name, ROOM));
  // As in the measurements: everybody muted with cameras off, the screen the only media.
  for (const page of [ada, ...chromiumViewers]) await turnOffMedia(page);
  // All but one of the light viewers join before the share; the last joins during it.
  for (let i = 1; i < MEMBERS - 1 - chromiumViewers.length; i++) {
    const viewer = new LightViewer(server.url, `Viewer ${i}`);
    lightViewers.push(viewer);
    await viewer.join(ROOM);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(lightViewers.map((viewer) => viewer.close()));
  await browser?.close();
  await server?.stop();
});

describe('presenting to a room of 30 through the forwarding unit', () => {
  it('reaches every viewer, Chromium and light', async () => {
    expect(lightViewers.every((viewer) => viewer.mode === 'forwarded')).toBe(true);
    await ada.getByRole('button', { name: 'Share screen' }).click();
    await ada.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 20_000 });
    await Promise.all(chromiumViewers.map((page) => waitForDecodingVideo(page, SCREEN, 60_000)));
    const screens = await Promise.all(lightViewers.map((viewer) => watching(viewer, 10)));
    expect(screens.every((screen) => screen.keyframes > 0 && screen.frames >= 10)).toBe(true);
  }, 180_000);

  it('gives a viewer who joins during the share a keyframe within 1 s of connecting', async () => {
    const late = new LightViewer(server.url, 'Late viewer');
    lightViewers.push(late);
    await late.join(ROOM);
    expect(late.mode).toBe('forwarded');
    await watching(late, 1);
    const screen = screenAt(late)!;
    expect(late.connectedAt).not.toBeNull();
    expect(screen.firstKeyframeAt! - late.connectedAt!).toBeLessThanOrEqual(1000);
    expect(1 + chromiumViewers.length + lightViewers.length).toBe(MEMBERS);
  }, 120_000);

  it('sends the low simulcast layer to a viewer with little bandwidth, and the high one once it has more', async () => {
    const [limited, free] = [lightViewers[0]!, lightViewers[1]!];
    // The unlimited viewer is on the high layer once a keyframe larger than the limited one's arrives.
    await free.until(() => width(free) > 0, 'a keyframe with its size');
    limited.limitBandwidth(LOW_BPS);
    await limited.until(
      () => width(limited) > 0 && width(limited) < width(free),
      `a keyframe smaller than the ${width(free)} px wide one of the unlimited viewer`,
    );
    const low = width(limited);
    limited.limitBandwidth(null);
    await limited.until(
      () => width(limited) > low && width(limited) === width(free),
      `a keyframe as wide as the unlimited viewer's after ${low} px`,
    );
  }, 120_000);
});
