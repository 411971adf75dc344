/**
 * A muted microphone takes no sender place in a forwarded room (docs/PROTOCOL.md, "Forwarding mode",
 * "Sender places"). The server takes one sender (`--max-senders 1`) and forwards from the second
 * person on. Ada joins and mutes with her camera off, Bob joins and does the same: the unit counts
 * nobody sending. Bob shares his screen and takes the place; Ada unmutes and is told the room is full,
 * her button still saying she is muted. Bob stops; Ada unmutes, the button says so only once the unit
 * takes her microphone, and Bob hears her. Then Cy joins with camera and microphone on: the room is
 * full, and she is told so, muted with her camera off. Cy turns her camera on: the unit is asked
 * first and refuses, and her camera never opens; once Ada mutes, it is taken, opened, and Ada sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { peakAudioLevel, waitForDecodingVideo } from './probes';
import { roomPages, type RoomPages } from './room-pages';

const ROOM = 'one-voice';
const LIMIT_MS = 60_000;
/** The notice's words for a room whose one place is taken (i18n `unit.refused`). */
const FULL = 'This room already has one person sending video or sound';

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
let ada: Page;
let bob: Page;
let cy: Page;
const adaLog: string[] = [];

declare global {
  interface Window {
    __mutePlace: {
      /** Each connection's state, transceivers and the direction lines of its descriptions. */
      dump(): unknown;
      /** Our microphone's negotiated direction on the publish connection to the unit ('none': no m-line). */
      direction(): string;
      /** How many times the page opened a camera (getUserMedia asking for video): its light came on. */
      cameraOpenings(): number;
      /** Answers that refused a video m-line of ours (port 0): the unit's refusals of a camera. */
      videoRefusals(): number;
    };
  }
}

/**
 * Runs in each page before the app: keeps every RTCPeerConnection it makes. The unit's connections are
 * those without data channels (mesh links always carry an `m=application` section).
 */
function installMicrophoneProbe(): void {
  const connections: RTCPeerConnection[] = [];
  let cameraOpenings = 0;
  let videoRefusals = 0;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      connections.push(this);
    }
    override setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
      if (description.type === 'answer' && /^m=video 0 /m.test(description.sdp ?? '')) videoRefusals += 1;
      return super.setRemoteDescription(description);
    }
  };
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    if (constraints?.video) cameraOpenings += 1;
    return getUserMedia(constraints);
  };
  window.__mutePlace = {
    cameraOpenings: () => cameraOpenings,
    videoRefusals: () => videoRefusals,
    direction() {
      for (const pc of connections) {
        if (pc.connectionState === 'closed' || pc.localDescription?.sdp.includes('m=application')) continue;
        const transceiver = pc
          .getTransceivers()
          .find((t) => t.sender.track?.kind === 'audio' && t.currentDirection !== 'stopped');
        if (transceiver) return transceiver.currentDirection ?? 'none';
      }
      return 'none';
    },
    dump() {
      return connections.map((pc) => ({
        state: pc.connectionState,
        signaling: pc.signalingState,
        t: pc.getTransceivers().map((t) => [t.mid, t.direction, t.currentDirection, t.sender.track?.kind]),
        local: pc.localDescription?.sdp
          .split('\r\n')
          .filter((l) => /^(m=|a=(mid|sendonly|recvonly|inactive|sendrecv))/.test(l)),
        remote: pc.remoteDescription?.sdp
          .split('\r\n')
          .filter((l) => /^(m=|a=(mid|sendonly|recvonly|inactive|sendrecv))/.test(l)),
      }));
    },
  };
}

async function unitPublishers(): Promise<number> {
  const text = await (await fetch(new URL('metrics', server.url))).text();
  return Number(/^nearcast_unit_publishers (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/** Polls `check` until it holds; the error says what never happened. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${LIMIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `step`, or its failure with Ada's connections and her engine's last log lines. */
async function explained(step: Promise<unknown>): Promise<void> {
  try {
    await step;
  } catch (error) {
    const connections = await ada.evaluate(() => window.__mutePlace.dump());
    const log = adaLog.slice(-40).join('\n');
    throw new Error(
      `${String(error)}\nAda's connections: ${JSON.stringify(connections)}\nAda's log:\n${log}`,
      { cause: error },
    );
  }
}

async function turnOffMedia(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByRole('button', { name: 'Camera off' }).click();
  await page.getByRole('button', { name: 'Unmute', exact: true }).waitFor();
}

beforeAll(async () => {
  server = await startServerProcess(['--forward-above', '1', '--max-senders', '1']);
  browser = await launchChromium();
  pages = roomPages(browser, () => server.url);
  ada = await pages.open('Ada', ROOM, installMicrophoneProbe);
  // The engine's debug lines, to explain a failure (the app reads the switch at each line).
  await ada.evaluate(() => localStorage.setItem('nearcastDebug', '1'));
  ada.on('console', (m) => adaLog.push(`${Date.now()} ${m.type()} ${m.text()}`));
  await turnOffMedia(ada);
  bob = await pages.open('Bob', ROOM, installMicrophoneProbe);
  await turnOffMedia(bob);
  for (const page of [ada, bob]) {
    await page.getByText('Through the forwarding unit').first().waitFor({ timeout: LIMIT_MS });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a sender place in a forwarded room of one place', () => {
  it('is taken by nobody while everyone is muted with the camera off', async () => {
    // Bob joined with his microphone and camera on, which took the place until he turned them off.
    await until(async () => (await unitPublishers()) === 0, 'no publisher at the unit');
    expect(await ada.evaluate(() => window.__mutePlace.direction())).toBe('inactive');
  });

  it('refuses an unmute while someone shares, keeping the microphone muted and saying why', async () => {
    await bob.getByRole('button', { name: 'Share screen' }).click();
    await bob.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 20_000 });
    await until(async () => (await unitPublishers()) === 1, 'Bob’s share at the unit');

    await ada.getByRole('button', { name: 'Unmute', exact: true }).click();
    await explained(ada.getByRole('alert').filter({ hasText: FULL }).waitFor({ timeout: LIMIT_MS }));
    await ada.getByRole('button', { name: 'Unmute', exact: true }).waitFor({ timeout: LIMIT_MS });
    await until(
      async () => (await ada.evaluate(() => window.__mutePlace.direction())) === 'inactive',
      'Ada’s microphone back to inactive',
    );
    expect(await unitPublishers()).toBe(1);
  }, 120_000);

  it('takes the unmute once the place is free: the button says so only when it is sent, and Bob hears Ada', async () => {
    await bob.getByRole('button', { name: 'Stop sharing' }).click();
    await until(async () => (await unitPublishers()) === 0, 'the place freed when Bob stopped');

    await ada.getByRole('button', { name: 'Unmute', exact: true }).click();
    // The moment the button says "Mute", the unit has taken the microphone: no success shown early.
    let direction: string | null = null;
    await until(async () => {
      direction = await ada.evaluate(() => {
        const buttons = [...document.querySelectorAll('nav button')];
        if (!buttons.some((b) => b.textContent?.trim() === 'Mute')) return null;
        return window.__mutePlace.direction();
      });
      return direction !== null;
    }, 'Ada’s button saying Mute').catch((error: unknown) => explained(Promise.reject(error)));
    expect(direction).toBe('sendonly');
    await ada.getByRole('alert').filter({ hasText: FULL }).waitFor({ state: 'detached', timeout: LIMIT_MS });
    await until(async () => (await unitPublishers()) === 1, 'Ada’s microphone at the unit');
    expect(await peakAudioLevel(bob, 'Camera of Ada', { limitMs: LIMIT_MS })).toBeGreaterThan(0.01);
  }, 120_000);

  it('tells a newcomer who joins with camera and microphone on that the room is full, and turns them off', async () => {
    // Ada's microphone holds the one place.
    cy = await pages.open('Cy', ROOM, installMicrophoneProbe);
    // Her new m-lines are rejected (port 0), and Chromium clears a rejected transceiver's mid: the
    // client once read the answer by the transceivers' mids, found nothing refused, and left her
    // buttons saying Mute and Camera off while nothing of hers was sent.
    await cy.getByRole('alert').filter({ hasText: FULL }).waitFor({ timeout: LIMIT_MS });
    await cy.getByRole('button', { name: 'Unmute', exact: true }).waitFor({ timeout: LIMIT_MS });
    await cy.getByRole('button', { name: 'Camera on' }).waitFor({ timeout: LIMIT_MS });
    expect(await unitPublishers()).toBe(1);
  }, 120_000);

  it('asks the unit before opening a camera: refused, it never comes on; taken, Ada sees it', async () => {
    // Ada's microphone still holds the one place.
    const opened = await cy.evaluate(() => window.__mutePlace.cameraOpenings());
    const refusals = await cy.evaluate(() => window.__mutePlace.videoRefusals());
    await cy.getByRole('button', { name: 'Camera on' }).click();
    await until(
      async () => (await cy.evaluate(() => window.__mutePlace.videoRefusals())) > refusals,
      'the unit refusing Cy’s camera',
    );
    await cy.getByRole('button', { name: 'Camera on' }).waitFor({ timeout: LIMIT_MS });
    expect(await cy.evaluate(() => window.__mutePlace.cameraOpenings())).toBe(opened);
    expect(await unitPublishers()).toBe(1);

    await ada.getByRole('button', { name: 'Mute', exact: true }).click();
    await until(async () => (await unitPublishers()) === 0, 'the place freed when Ada muted');
    await cy.getByRole('button', { name: 'Camera on' }).click();
    await cy.getByRole('button', { name: 'Camera off' }).waitFor({ timeout: LIMIT_MS });
    expect(await cy.evaluate(() => window.__mutePlace.cameraOpenings())).toBe(opened + 1);
    await until(async () => (await unitPublishers()) === 1, 'Cy’s camera at the unit');
    await waitForDecodingVideo(ada, 'Camera of Cy', LIMIT_MS);
  }, 120_000);
});
