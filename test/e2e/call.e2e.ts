/**
 * A real call between two Chromium pages through the standalone server, inside a loopback-only
 * network namespace: camera video and audio both ways, a screen share started and stopped, mute and
 * camera-off seen by the peer, and a participant leaving.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { peakAudioLevel, sampleVideo, tileVideo, waitForDecodingVideo } from './probes';

let server: ServerProcess;
let browser: Browser;
let ada: Page;
let bob: Page;
const logs: string[] = [];

async function openAs(name: string, room: string): Promise<Page> {
  const context = await browser.newContext();
  // Engine debug logs, printed only when a test fails.
  await context.addInitScript(() => localStorage.setItem('nearcastDebug', '1'));
  const page = await context.newPage();
  page.on('console', (message) => logs.push(`[${name}] ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`[${name}] page error: ${error.message}`));
  await page.goto(`${server.url}?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  return page;
}

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  ada = await openAs('Ada', 'e2e-call');
  bob = await openAs('Bob', 'e2e-call');
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a call between two browsers on the LAN', () => {
  it('joins both pages to the room named in the link', async () => {
    await ada.getByRole('heading', { name: 'e2e-call' }).waitFor({ timeout: 20_000 });
    await ada.locator('figure[aria-label="Camera of Bob"]').waitFor({ timeout: 20_000 });
    await bob.locator('figure[aria-label="Camera of Ada"]').waitFor({ timeout: 20_000 });
    expect(new URL(ada.url()).searchParams.get('name')).toBeNull();
  });

  it("shows each participant the other's camera, decoding", async () => {
    const atAda = await waitForDecodingVideo(ada, 'Camera of Bob');
    const atBob = await waitForDecodingVideo(bob, 'Camera of Ada');
    expect(atAda.width).toBeGreaterThan(0);
    expect(atBob.width).toBeGreaterThan(0);
  });

  it("lets each participant hear the other's microphone", async () => {
    expect(await peakAudioLevel(ada, 'Camera of Bob')).toBeGreaterThan(0.01);
    expect(await peakAudioLevel(bob, 'Camera of Ada')).toBeGreaterThan(0.01);
  });

  it('shows mute and camera off to the peer, and their undoing', async () => {
    const bobTile = ada.locator('figure[aria-label="Camera of Bob"]');
    await bob.getByRole('button', { name: 'Mute', exact: true }).click();
    await bobTile.getByText('Muted', { exact: true }).waitFor();
    await bob.getByRole('button', { name: 'Unmute' }).click();
    await bobTile.getByText('Muted', { exact: true }).waitFor({ state: 'detached' });

    await bob.getByRole('button', { name: 'Camera off' }).click();
    await bobTile.getByText('Camera off', { exact: true }).waitFor();
    await bob.getByRole('button', { name: 'Camera on' }).click();
    await bobTile.getByText('Camera off', { exact: true }).waitFor({ state: 'detached' });
    await waitForDecodingVideo(ada, 'Camera of Bob');
  });

  it("renders Bob's shared screen at Ada's, then removes it when he stops", async () => {
    await bob.getByRole('button', { name: 'Share screen' }).click();
    const screen = await waitForDecodingVideo(ada, 'Screen shared by Bob');
    expect(screen.width).toBeGreaterThan(0);
    await bob.getByRole('button', { name: 'Stop sharing' }).click();
    await ada.locator(tileVideo('Screen shared by Bob')).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await sampleVideo(ada, 'Screen shared by Bob')).toBeNull();
    // The camera keeps flowing after the share is gone.
    await waitForDecodingVideo(ada, 'Camera of Bob');
  });

  it("removes Bob's tile at Ada's when he leaves", async () => {
    await bob.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('button', { name: 'Join' }).waitFor();
    await ada.locator('figure[aria-label="Camera of Bob"]').waitFor({ state: 'detached', timeout: 15_000 });
    await ada.getByText('Nobody else is here yet').waitFor();
  });
});
