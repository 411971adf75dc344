/**
 * Presenting to a whole room through the forwarding unit, on one host: Ada shares her screen from
 * Chromium to 2 Chromium viewers and enough light viewers (werift, test/support/light-viewer.ts) to
 * make a room of 30. Most light viewers run in child processes (test/support/light-fleet.ts): with
 * all of them in the test process, its event loop lagged 0.3–0.5 s (p50) and up to 1.8 s on a loaded
 * 2-core machine, and that lag was added to the late joiner's measured wait. The viewers the test
 * measures (the late joiner and the two of the simulcast case) stay here, nearly alone. What remains
 * under load is the sharer's own encoder: at load 5–8 the unit's keyframe requests, written every
 * ~450 ms from the moment the late joiner connects, were answered after 1.1–1.9 s in 3 of 6 runs. Every viewer decodes (Chromium) or receives whole frames (light) of the share; a
 * viewer who joins late gets a keyframe within 1 s of its subscribe connection connecting (the bound
 * the issue sets, measured from the viewer's own event times); a viewer that advertises little
 * bandwidth gets the screen's low simulcast layer while another keeps the high one, and the high one
 * again once its limit is lifted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { LightFleet, type MemberSnapshot } from '../support/light-fleet';
import { LightViewer, type TrackCount } from '../support/light-viewer';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitForDecodingVideo } from './probes';
import { roomPages, type RoomPages } from './room-pages';

const ROOM = 'all-hands';
const MEMBERS = 30;
const SCREEN = 'Screen shared by Ada';
/** A bandwidth no screen's high layer fits in, and far above what its low layer needs to start. */
const LOW_BPS = 150_000;
/** Light viewers in this process: the two of the simulcast case (the late joiner comes later). */
const MEASURED = 2;
/** Child processes for the other light viewers. */
const FLEET_SIZE = 3;

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
let ada: Page;
const chromiumViewers: Page[] = [];
const lightViewers: LightViewer[] = [];
let fleet: LightFleet;
/** The names of the light viewers in the fleet. */
const fleetNames: string[] = [];

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

/** Whether a fleet member has `frames` whole frames of Ada's screen (her only video) from a keyframe. */
function fleetWatching(member: MemberSnapshot, frames: number): boolean {
  const ada = member.received['Ada'];
  return (ada?.keyframes ?? 0) > 0 && (ada?.frames ?? 0) >= frames;
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
  // All but one of the light viewers join before the share; the last joins during it. The fleet has
  // no senders, so no clip.
  fleet = await LightFleet.start(server.url, [], 1, FLEET_SIZE);
  for (let i = 1; i < MEMBERS - 1 - chromiumViewers.length; i++) {
    const name = `Viewer ${i}`;
    if (i <= MEASURED) {
      const viewer = new LightViewer(server.url, name);
      lightViewers.push(viewer);
      await viewer.join(ROOM);
    } else {
      fleetNames.push(name);
      await fleet.join('viewer', name, ROOM, null);
    }
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(lightViewers.map((viewer) => viewer.close()));
  await fleet?.close();
  await browser?.close();
  await server?.stop();
});

describe('presenting to a room of 30 through the forwarding unit', () => {
  it('reaches every viewer, Chromium and light', async () => {
    expect(lightViewers.every((viewer) => viewer.mode === 'forwarded')).toBe(true);
    const forwarded = (await fleet.members()).filter((member) => member.mode === 'forwarded');
    expect(forwarded.map((member) => member.name).sort()).toEqual([...fleetNames].sort());
    await ada.getByRole('button', { name: 'Share screen' }).click();
    await ada.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 20_000 });
    await Promise.all(chromiumViewers.map((page) => waitForDecodingVideo(page, SCREEN, 60_000)));
    const screens = await Promise.all(lightViewers.map((viewer) => watching(viewer, 10)));
    expect(screens.every((screen) => screen.keyframes > 0 && screen.frames >= 10)).toBe(true);
    const watchers = await fleet.until(
      (member) => fleetWatching(member, 10),
      '10 frames of Ada’s screen',
      60_000,
    );
    expect(watchers).toHaveLength(fleetNames.length);
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
    expect(1 + chromiumViewers.length + lightViewers.length + fleetNames.length).toBe(MEMBERS);
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
