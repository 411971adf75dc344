/**
 * A call that keeps going: switching microphone and camera mid-call (replaceTrack: the peer's received
 * tracks stay the same, no renegotiation), choosing the speaker, and an ICE restart after the network
 * between the two pages is cut and then restored. The cut is made with policy routing inside this
 * test's private network namespace: UDP and every TCP port but the signaling server's are refused.
 * Chromium's fake capture offers three cameras with `device-count=3`; the second one produces 16-bit
 * depth frames (Y16) that no video encoder takes, so the switch goes to the third (MJPEG), a real
 * camera format.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { peakAudioLevel, waitForDecodingVideo } from './probes';
import { roomPages, type RoomPages } from './room-pages';

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
let ada: Page;
let bob: Page;

/** Ids of the tracks Bob receives from Ada: replaceTrack keeps them, a renegotiated track would not. */
async function receivedTrackIds(page: Page, label: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const stream = document.querySelector<HTMLVideoElement>(selector)?.srcObject as MediaStream | null;
    return stream ? stream.getTracks().map((track) => track.id) : [];
  }, `figure[aria-label="${label}"] video`);
}

async function localLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('figure[aria-label^="Your camera"] video');
    return ((video?.srcObject as MediaStream | null)?.getTracks() ?? []).map((t) => `${t.kind}:${t.label}`);
  });
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

let cut = false;

/**
 * Refuses every packet between the pages but keeps the signaling connection: routing rules ahead of
 * the local table (moved from priority 0 to 100) prohibit UDP and TCP, except TCP to or from `port`.
 */
function cutNetworkExceptSignaling(port: number): void {
  for (const family of ['-4', '-6']) {
    ip(family, 'rule', 'add', 'pref', '100', 'lookup', 'local');
    ip(family, 'rule', 'del', 'pref', '0');
    ip(family, 'rule', 'add', 'pref', '10', 'ipproto', 'tcp', 'dport', String(port), 'lookup', 'local');
    ip(family, 'rule', 'add', 'pref', '11', 'ipproto', 'tcp', 'sport', String(port), 'lookup', 'local');
    ip(family, 'rule', 'add', 'pref', '12', 'ipproto', 'tcp', 'prohibit');
    ip(family, 'rule', 'add', 'pref', '13', 'ipproto', 'udp', 'prohibit');
  }
  cut = true;
}

function restoreNetwork(): void {
  if (!cut) return;
  for (const family of ['-4', '-6']) {
    ip(family, 'rule', 'add', 'pref', '0', 'lookup', 'local');
    for (const pref of ['10', '11', '12', '13', '100']) ip(family, 'rule', 'del', 'pref', pref);
  }
  cut = false;
}

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium(['--use-fake-device-for-media-stream=device-count=3']);
  pages = roomPages(browser, () => server.url);
  ada = await pages.open('Ada', 'e2e-recovery');
  bob = await pages.open('Bob', 'e2e-recovery');
  await waitForDecodingVideo(bob, 'Camera of Ada');
});

afterEach(({ task }) => {
  restoreNetwork();
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${pages.logs.join('\n')}\n`);
});

afterAll(async () => {
  restoreNetwork();
  await browser?.close();
  await server?.stop();
});

describe('a call that keeps going', () => {
  it('switches camera and microphone mid-call without renegotiating, and the peer keeps seeing and hearing', async () => {
    const before = await receivedTrackIds(bob, 'Camera of Ada');
    expect(before).toHaveLength(2);
    await ada.getByRole('button', { name: 'Devices' }).click();
    const devices = ada.getByRole('dialog', { name: 'Devices' });
    await devices.getByLabel('Camera').selectOption({ label: 'fake_device_2' });
    await devices.getByLabel('Microphone').selectOption({ label: 'Fake Audio Input 1' });
    await expect
      .poll(() => localLabels(ada), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['video:fake_device_2', 'audio:Fake Audio Input 1']));
    expect(await receivedTrackIds(bob, 'Camera of Ada')).toEqual(before);
    const frames = await waitForDecodingVideo(bob, 'Camera of Ada');
    expect(frames.width).toBeGreaterThan(0);
    expect(await peakAudioLevel(bob, 'Camera of Ada')).toBeGreaterThan(0.01);
    // The choice is remembered for the next call (as the storage module writes it, versioned).
    const camera = await devices.getByLabel('Camera').inputValue();
    expect(camera).not.toBe('');
    expect(await ada.evaluate(() => localStorage.getItem('nearcast.camera'))).toBe(
      JSON.stringify({ v: 1, value: camera }),
    );
    await devices.getByRole('button', { name: 'Close devices' }).click();
  });

  it('plays remote sound on the speaker chosen in Devices', async () => {
    await bob.getByRole('button', { name: 'Devices' }).click();
    const devices = bob.getByRole('dialog', { name: 'Devices' });
    await devices.getByLabel('Speaker').selectOption({ label: 'Fake Audio Output 1' });
    const chosen = await devices.getByLabel('Speaker').inputValue();
    await expect
      .poll(() =>
        bob.evaluate(
          () =>
            (
              document.querySelector('figure[aria-label="Camera of Ada"] video') as HTMLVideoElement & {
                sinkId: string;
              }
            ).sinkId,
        ),
      )
      .toBe(chosen);
    await bob.keyboard.press('Escape');
  });

  it('restarts ICE after the network between the peers is cut, and the call comes back', async () => {
    const port = Number(new URL(server.url).port);
    cutNetworkExceptSignaling(port);
    await bob
      .locator('figure[aria-label="Camera of Ada"]')
      .getByText('Connection lost, reconnecting…')
      .waitFor({ timeout: 30_000 });
    // Past RESTART_AFTER_DISCONNECT_MS the app restarts ICE by itself; let it try once with the cut on.
    await bob.waitForTimeout(5_000);
    restoreNetwork();
    await bob
      .locator('figure[aria-label="Camera of Ada"]')
      .getByText('Connection lost, reconnecting…')
      .waitFor({ state: 'detached', timeout: 60_000 });
    expect((await waitForDecodingVideo(bob, 'Camera of Ada')).width).toBeGreaterThan(0);
    await bob.getByRole('button', { name: 'Connection details for Ada' }).click();
    const panel = bob.getByRole('region', { name: 'Connection details for Ada' });
    const restarts = panel.locator('div', { has: bob.getByRole('term').filter({ hasText: 'ICE restarts' }) });
    await expect
      .poll(async () => Number(await restarts.getByRole('definition').textContent()), { timeout: 10_000 })
      .toBeGreaterThan(0);
  });

  it('explains in plain words why a newcomer cannot connect', async () => {
    cutNetworkExceptSignaling(Number(new URL(server.url).port));
    await pages.open('Cy', 'e2e-recovery');
    const tile = ada.locator('figure[aria-label="Camera of Cy"]');
    await tile.waitFor({ timeout: 20_000 });
    // Both ends offered 127.0.0.1 (same subnet) and every check failed: a firewall is in the way.
    await tile
      .getByRole('alert')
      .filter({ hasText: 'a firewall blocks the connection' })
      .waitFor({ timeout: 30_000 });
  });
});
