/**
 * Call security and quality in two real Chromium pages: both ends show the same security code (in
 * its dialog), the stats panel reports a live connection, and the screen-share presets reach the
 * encoder (sender parameters, codec and frame rate as getStats reports them, read from the stats
 * panel).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { chooseShareCodec, chooseSharePreset } from '../support/share-menu';
import { expectNoAxeViolations } from './axe';
import { waitForDecodingVideo } from './probes';
import { roomPages, type RoomPages } from './room-pages';
import { readSecurityCode } from './security-code';

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
let ada: Page;
let bob: Page;

/** The value next to a term in a details list of the stats panel. */
function figure(list: Locator, term: string): Locator {
  return list
    .locator('div', { has: list.page().getByRole('term').filter({ hasText: term }) })
    .getByRole('definition');
}

/** Polls a figure until `accept` likes it (stats refresh each second); returns the accepted text. */
async function waitForFigure(
  list: Locator,
  term: string,
  accept: (text: string) => boolean,
): Promise<string> {
  let text = '';
  for (let attempt = 0; attempt < 40; attempt++) {
    text = (await figure(list, term).textContent({ timeout: 15_000 })) ?? '';
    if (accept(text)) return text;
    await list.page().waitForTimeout(500);
  }
  throw new Error(`"${term}" stayed at "${text}"`);
}

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  pages = roomPages(browser, () => server.url);
  ada = await pages.open('Ada', 'e2e-quality');
  bob = await pages.open('Bob', 'e2e-quality');
  await waitForDecodingVideo(ada, 'Camera of Bob');
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${pages.logs.join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('security code', () => {
  it('is the same three groups of digits on both ends', async () => {
    const [atAda, atBob] = await Promise.all([readSecurityCode(ada, 'Bob'), readSecurityCode(bob, 'Ada')]);
    expect(atAda).toMatch(/^\d{2} \d{2} \d{2}$/);
    expect(atBob).toBe(atAda);
  });
});

describe('stats panel', () => {
  it('shows the route, round trip, bitrates and video figures, and closes', async () => {
    await ada.getByRole('button', { name: 'Connection details for Bob' }).click();
    const panel = ada.getByRole('region', { name: 'Connection details for Bob' });
    const connection = panel.getByLabel('Connection', { exact: true });
    expect(await waitForFigure(connection, 'Route', (t) => t.includes('127.0.0.1'))).toMatch(
      /^Direct on the network · 127\.0\.0\.1:\d+ ⇄ 127\.0\.0\.1:\d+ \(UDP\)$/,
    );
    await waitForFigure(connection, 'Receiving', (t) => /^[1-9]\d* kbps$/.test(t));
    await waitForFigure(connection, 'Sending', (t) => /^[1-9]\d* kbps$/.test(t));
    await waitForFigure(connection, 'Round trip', (t) => /^\d+ ms$/.test(t));
    const received = panel.getByLabel('Camera received', { exact: true });
    await waitForFigure(received, 'Resolution', (t) => /^\d+×\d+$/.test(t));
    await expect(
      panel.getByRole('img', { name: /^Bitrate over the last minute, peak/ }).count(),
    ).resolves.toBe(1);
    await panel.getByRole('button', { name: 'Close connection details' }).click();
    await panel.waitFor({ state: 'detached' });
  });
});

describe('screen-share quality presets', () => {
  it('tunes the screen sender for text, then for motion', async () => {
    await bob.getByRole('button', { name: 'Share screen' }).click();
    await waitForDecodingVideo(ada, 'Screen shared by Bob');
    await bob.getByRole('button', { name: 'Connection details for Ada' }).click();
    const panel = bob.getByRole('region', { name: 'Connection details for Ada' });
    const limits = panel.getByLabel('Screen sending limits');
    const screen = panel.getByLabel('Screen sent');

    await chooseSharePreset(bob, 'text');
    await waitForFigure(limits, 'Maximum bitrate', (t) => t === '8000 kbps');
    expect(await figure(limits, 'Maximum frame rate').textContent()).toBe('15');
    expect(await figure(limits, 'Under pressure').textContent()).toBe('Keep the resolution');
    // The measured best for screens (docs/PERFORMANCE.md, "Screen codecs").
    expect(await waitForFigure(screen, 'Codec', (t) => t !== '–')).toBe('H264');
    await waitForFigure(screen, 'Frames per second', (t) => Number(t) > 0 && Number(t) <= 16);

    await chooseSharePreset(bob, 'motion');
    await waitForFigure(limits, 'Maximum bitrate', (t) => t === '6000 kbps');
    expect(await figure(limits, 'Maximum frame rate').textContent()).toBe('60');
    expect(await figure(limits, 'Under pressure').textContent()).toBe('Keep the frame rate');
    // Chromium's fake screen runs at 20 fps: above the text cap, it must all get through now.
    await waitForFigure(screen, 'Frames per second', (t) => Number(t) > 16);
  });

  it('sends the screen with the codec chosen in the share menu, and Ada still sees it', async () => {
    const panel = bob.getByRole('region', { name: 'Connection details for Ada' });
    await chooseShareCodec(bob, 'VP8');
    await waitForFigure(panel.getByLabel('Screen sent'), 'Codec', (t) => t === 'VP8');
    await waitForDecodingVideo(ada, 'Screen shared by Bob');
    await chooseShareCodec(bob, 'auto');
    await waitForFigure(panel.getByLabel('Screen sent'), 'Codec', (t) => t === 'H264');
  });

  it('opens the share menu from the keyboard, with nothing for axe to find, and Escape gives focus back', async () => {
    const focused = () => bob.evaluate(() => document.activeElement?.textContent?.trim());
    await bob.getByRole('button', { name: 'Share options' }).focus();
    await bob.keyboard.press('Enter');
    const menu = bob.getByRole('menu', { name: 'Share options' });
    await menu.waitFor();
    await expect.poll(focused).toBe('Share another window or screen');
    await bob.keyboard.press('ArrowDown');
    expect(await focused()).toMatch(/^Auto \(now /);
    await expectNoAxeViolations(bob, 'the share menu');
    await bob.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focused()).toBe('Share options');
    // The bar says it in a tooltip, visibly, now that the keyboard brought focus back.
    await bob.getByText('Share options', { exact: true }).and(bob.locator('[data-tooltip]')).waitFor();
  });
});
