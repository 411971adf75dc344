/**
 * A room switching from mesh to the forwarding unit drops nobody's media for more than a second (the
 * issue's bound). Ada shares a screen whose every frame carries its capture time; Bob watches it over
 * the mesh; a third member joins, which takes the room above `--forward-above 2`, and Ada's screen moves
 * to the unit make-before-break (docs/PROTOCOL.md, "Forwarding mode"). The gap is measured as media
 * lost on Ada's own clock (test/support/media-gap.ts): the frames Ada drew that Bob's tile never showed,
 * so a loaded machine that slows Ada's capture or Bob's display opens no gap by itself. Both share and
 * watch each other, so each is a sender and a viewer across the switch; Ada also talks, so her sound
 * moves in the same switch; a fourth member joins while the room is switching.
 *
 * Measured (docs/PERFORMANCE.md, "The switch to the forwarding unit"): 0–330 ms lost across the switch
 * at load 6–20; at load 20–22 the forwarded path itself stalled after it in half the runs, and this fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { installFrameCode } from '../../bench/media-frame-code';
import { installBench, NAME_SHIM, type VideoFrameInfo } from '../../bench/media-page';
import { launchChromium } from '../support/chromium';
import { LightViewer } from '../support/light-viewer';
import { mediaGap, type MediaGap } from '../support/media-gap';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const ROOM = 'switching';
const ADA_SCREEN = 'Screen shared by Ada';
const BOB_SCREEN = 'Screen shared by Bob';
/** The bound on the media gap at the switch. */
const MAX_GAP_MS = 1000;
/** How much of a sender's capture time its viewer shows over each path, before and after the switch. */
const SETTLED_MS = 2000;
/**
 * What the light viewers say they can receive: the screens' low layers. They only check that a member
 * joining during the switch receives both screens; the unit's work stays on the two Chromium viewers.
 */
const LIGHT_BPS = 300_000;

let server: ServerProcess;
let browser: Browser;
let ada: Page;
let bob: Page;
const viewers: LightViewer[] = [];

declare global {
  interface Window {
    __switch: {
      /** Where a tile's picture (`video`) or sound (`audio`) comes from; null when it has none. */
      source(label: string, kind: 'audio' | 'video'): 'unit' | 'mesh' | null;
      /** The page's open mesh links send no media at all (their senders hold no track). */
      meshSendsNoMedia(): boolean;
      /** When a tile's video element last got a new stream (page clock, as the frame probe's). */
      switchedAt(label: string): number | null;
    };
  }
}

/**
 * Runs in each page before the app: keeps every RTCPeerConnection the app makes, and tells them apart.
 * Mesh links always carry data channels (an `m=application` section); unit connections never do.
 */
function installSwitchProbe(): void {
  const connections: RTCPeerConnection[] = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      connections.push(this);
    }
  };
  const changes = new Map<string, number>();
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...srcObject,
    set(this: HTMLMediaElement, stream: MediaStream | null) {
      const label = this.closest('figure')?.getAttribute('aria-label');
      if (label && stream) changes.set(label, performance.timeOrigin + performance.now());
      srcObject.set!.call(this, stream);
    },
  });
  const isMesh = (c: RTCPeerConnection): boolean =>
    c.connectionState !== 'closed' && (c.localDescription?.sdp.includes('m=application') ?? false);
  window.__switch = {
    source(label, kind) {
      const video = document.querySelector<HTMLVideoElement>(`figure[aria-label="${label}"] video`);
      const stream = video?.srcObject;
      const track =
        stream instanceof MediaStream ? stream.getTracks().find((t) => t.kind === kind) : undefined;
      const pc = track && connections.find((c) => c.getReceivers().some((r) => r.track === track));
      if (!pc) return null;
      return isMesh(pc) ? 'mesh' : 'unit';
    },
    switchedAt: (label) => changes.get(label) ?? null,
    meshSendsNoMedia() {
      const links = connections.filter(isMesh);
      return links.length > 0 && links.every((c) => c.getSenders().every((sender) => sender.track === null));
    },
  };
}

/** A page of the web client in ROOM with the stamped fake screen, the frame probe and the switch probe. */
async function openPage(name: string, { unmuted = false } = {}): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript(installSwitchProbe);
  await context.addInitScript(installFrameCode);
  await context.addInitScript(installBench);
  const page = await context.newPage();
  await page.goto(`${server.url}?room=${ROOM}&name=${name}`);
  await page.getByRole('heading', { name: ROOM }).waitFor({ timeout: 30_000 });
  if (!unmuted) await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByRole('button', { name: 'Camera off' }).click();
  // A smaller fake screen than the bench's: two Chromium pages share this machine with the unit.
  await page.evaluate(() => {
    window.__bench.display = { width: 960, height: 540, content: 'text' };
  });
  return page;
}

async function share(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Share screen' }).click();
  await page.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 20_000 });
}

/** Now on the page's own clock (the clock its screen's frames are stamped with). */
function wall(page: Page): Promise<number> {
  return page.evaluate(() => window.__benchCode.wall());
}

/**
 * Waits until `viewer` has shown a frame of `label` captured after `after` on the sender's clock; a
 * viewer that shows none within a minute has lost the screen, and the error says since when.
 */
async function shownAfter(viewer: Page, label: string, after: number): Promise<void> {
  try {
    await viewer.waitForFunction(
      ({ label, after }) => window.__bench.frames.some((f) => f.label === label && (f.sent ?? 0) > after),
      { label, after },
      { timeout: 60_000 },
    );
  } catch (error) {
    const last = await viewer.evaluate(
      (label) =>
        Math.max(0, ...window.__bench.frames.flatMap((f) => (f.label === label ? [f.sent ?? 0] : []))),
      label,
    );
    throw new Error(
      `${label}: no frame captured after ${Math.round(after)} shown within 60 s; the last shown was ` +
        `captured ${Math.round(after - last)} ms before that`,
      { cause: error },
    );
  }
}

function source(viewer: Page, label: string, kind: 'audio' | 'video' = 'video') {
  return viewer.evaluate(({ label, kind }) => window.__switch.source(label, kind), { label, kind });
}

/** What one page drew of its own screen and showed of the other's, and when its tile switched. */
interface Seen {
  draws: number[];
  frames: VideoFrameInfo[];
  switchedAt: number | null;
}

/** Takes, at once, everything the page has recorded (taking clears the draws and the frames). */
async function seen(page: Page, label: string): Promise<Seen> {
  const { draws, frames } = await page.evaluate(() => window.__bench.take());
  const switchedAt = await page.evaluate((label) => window.__switch.switchedAt(label), label);
  return { draws, frames: frames.filter((f) => f.label === label), switchedAt };
}

/**
 * The media the viewer lost of the sender's screen across the switch: the frames shown within
 * SETTLED_MS either side of the moment its tile got the unit's stream, against the frames the sender
 * drew. What happens on the forwarded path long after (a later layer change) is that path's quality,
 * not the switch's.
 */
function gapAcross(sender: Seen, viewer: Seen): MediaGap {
  const at = viewer.switchedAt;
  if (at === null) throw new Error('the tile never got a stream');
  const shown = viewer.frames.flatMap((f) =>
    f.sent !== null && Math.abs(f.shown - at) <= SETTLED_MS ? [{ sent: f.sent, presented: f.presented }] : [],
  );
  return mediaGap(shown, sender.draws);
}

beforeAll(async () => {
  // The third member switches the room: the join that takes it above 2 people.
  server = await startServerProcess(['--forward-above', '2']);
  browser = await launchChromium();
  // Ada talks (the fake microphone): her sound moves to the unit in the same switch as her screen.
  ada = await openPage('Ada', { unmuted: true });
  bob = await openPage('Bob');
}, 120_000);

afterAll(async () => {
  await Promise.all(viewers.map((viewer) => viewer.close()));
  await browser?.close();
  await server?.stop();
});

describe('the switch from mesh to the forwarding unit', () => {
  it('loses at most a second of either screen, for both viewers, and then carries them through the unit', async () => {
    await share(ada);
    await share(bob);
    const [adaStart, bobStart] = [await wall(ada), await wall(bob)];
    // Two seconds of both screens over the mesh first, so the switch meets a settled mesh.
    await shownAfter(bob, ADA_SCREEN, adaStart + SETTLED_MS);
    await shownAfter(ada, BOB_SCREEN, bobStart + SETTLED_MS);
    expect([await source(bob, ADA_SCREEN), await source(ada, BOB_SCREEN)]).toEqual(['mesh', 'mesh']);

    const cy = new LightViewer(server.url, 'Cy');
    viewers.push(cy);
    await cy.join(ROOM);
    cy.limitBandwidth(LIGHT_BPS);
    expect(cy.mode).toBe('forwarded');
    const dee = new LightViewer(server.url, 'Dee');
    viewers.push(dee);
    await dee.join(ROOM);
    dee.limitBandwidth(LIGHT_BPS);

    // Make before break: each tile moves to the unit's stream, then the links stop sending.
    for (const [viewer, label] of [
      [bob, ADA_SCREEN],
      [ada, BOB_SCREEN],
    ] as const) {
      await viewer.waitForFunction((label) => window.__switch.source(label, 'video') === 'unit', label, {
        timeout: 60_000,
        polling: 100,
      });
    }
    for (const page of [ada, bob]) {
      await page.waitForFunction(() => window.__switch.meshSendsNoMedia(), undefined, {
        timeout: 60_000,
        polling: 100,
      });
    }
    await shownAfter(bob, ADA_SCREEN, (await wall(ada)) + SETTLED_MS);
    await shownAfter(ada, BOB_SCREEN, (await wall(bob)) + SETTLED_MS);

    const [atAda, atBob] = [await seen(ada, BOB_SCREEN), await seen(bob, ADA_SCREEN)];
    const gaps = { bobWatchingAda: gapAcross(atAda, atBob), adaWatchingBob: gapAcross(atBob, atAda) };
    expect(gaps.bobWatchingAda.lostMs, JSON.stringify(gaps)).toBeLessThanOrEqual(MAX_GAP_MS);
    expect(gaps.adaWatchingBob.lostMs, JSON.stringify(gaps)).toBeLessThanOrEqual(MAX_GAP_MS);
    expect([await source(bob, ADA_SCREEN), await source(ada, BOB_SCREEN)]).toEqual(['unit', 'unit']);
    // Ada's sound plays from the unit's stream in her camera tile (her camera is off, her microphone on).
    expect(await source(bob, 'Camera of Ada', 'audio')).toBe('unit');

    // The members who joined during the switch receive both screens.
    for (const viewer of [cy, dee]) {
      for (const name of ['Ada', 'Bob']) {
        await viewer.until(() => {
          const owner = viewer.peerNamed(name);
          const screen = owner ? viewer.screenOf(owner) : null;
          return (screen?.keyframes ?? 0) > 0 && (screen?.frames ?? 0) >= 10;
        }, `10 frames of ${name}'s screen after a keyframe`);
      }
    }
  }, 240_000);
});
