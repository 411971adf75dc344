/**
 * Trust on first use, then verification, between real Chromium pages through the real server: both
 * see each other "Not verified"; Bob compares the security code (the same on both pages) and marks
 * Ada verified; the pin outlives a reload (same profile: same device key, same pins); and someone
 * else joining as "Ada" from another device raises the key-change alert, and Bob's chat does not
 * reach them until Bob chooses to continue without verifying.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { roomPages, type RoomPages } from './room-pages';
import { readSecurityCode } from './security-code';

const ROOM = 'trust-1';
const WAIT = { timeout: 20_000 };
let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  pages = roomPages(browser, () => server.url);
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${pages.logs.join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function tileOf(page: Page, name: string) {
  return page.getByRole('figure', { name: `Camera of ${name}` });
}

/** Waits until the tile of `name` shows `standing` ("Verified", "Not verified"…). */
async function standingOn(page: Page, name: string, standing: string): Promise<void> {
  const badge = tileOf(page, name).locator('.trust-badge').getByText(standing, { exact: true });
  try {
    await badge.waitFor(WAIT);
  } catch (error) {
    const tiles = await page.getByRole('figure').allInnerTexts();
    throw new Error(`no "${standing}" on the tile of ${name}; tiles: ${JSON.stringify(tiles)}`, {
      cause: error,
    });
  }
}

async function openChat(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Chat/ });
  if ((await toggle.count()) > 0) await toggle.click();
}

describe('trust', () => {
  it('verifies a contact by its security code, keeps the pin, and warns before talking to an impostor', async () => {
    const ada = await pages.open('Ada', ROOM);
    const bob = await pages.open('Bob', ROOM);
    await standingOn(ada, 'Bob', 'Not verified');
    await standingOn(bob, 'Ada', 'Not verified');

    // Bob compares the code: his dialog shows the code Ada's dialog shows for Bob.
    await tileOf(bob, 'Ada').getByRole('button', { name: 'Compare code with Ada' }).click();
    const dialog = bob.getByRole('dialog', { name: 'Compare security code with Ada' });
    const shown = dialog.getByLabel(/^Security code with Ada: /);
    await shown.waitFor(WAIT);
    const bobSees = (await shown.getAttribute('aria-label'))?.replace('Security code with Ada: ', '');
    const adaSees = await readSecurityCode(ada, 'Bob');
    expect(bobSees).toMatch(/\d/);
    expect(bobSees).toBe(adaSees);
    await dialog.getByRole('button', { name: 'They match — mark as verified' }).click();
    await dialog.waitFor({ state: 'detached' });
    await standingOn(bob, 'Ada', 'Verified');

    // A reload in the same profile (same device key, same pins) joins again: Ada is still verified.
    await bob.goto(`${server.url}?room=${ROOM}&name=Bob`);
    await bob.getByRole('heading', { name: ROOM }).waitFor(WAIT);
    await standingOn(bob, 'Ada', 'Verified');

    // The real Ada leaves; someone on another device joins as "Ada".
    await ada.context().close();
    await tileOf(bob, 'Ada').waitFor({ state: 'detached', ...WAIT });
    const impostor = await pages.open('Ada', ROOM);
    const alert = bob.getByRole('alert').filter({ hasText: 'Ada is not the Ada you verified' });
    await alert.waitFor(WAIT);
    expect(await alert.textContent()).toContain(
      'their device key changed (or they have none). Nothing has been sent to them.',
    );
    await standingOn(bob, 'Ada', 'Key changed');

    // Bob's message waits for the decision: the impostor's page has nothing.
    await openChat(bob);
    await bob.getByLabel('Message').fill('meet at the usual place');
    await bob.getByRole('button', { name: 'Send', exact: true }).click();
    await bob.getByText('Waiting — key changed: Ada').waitFor(WAIT);
    await openChat(impostor);
    expect(await impostor.locator('.messages li').count()).toBe(0);

    // Going on without verifying (for this session) lets it through.
    await alert.getByRole('button', { name: 'Continue without verifying' }).click();
    await impostor.locator('.messages li').getByText('meet at the usual place').waitFor(WAIT);
    await bob.getByText('Delivered to Ada').waitFor(WAIT);
    await alert.waitFor({ state: 'detached' });
    await standingOn(bob, 'Ada', 'Key changed');
    await Promise.all([bob, impostor].map((page) => page.context().close()));
  });
});
