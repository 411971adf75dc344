/**
 * The desktop app remembers its user across restarts (issue 17, defect 1): launched three times on one
 * profile, with a new embedded-server port each time, it keeps the name and language set in the UI,
 * the device key (so contacts see the same device) and the missed calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';
import { launchDesktop, type Desktop } from './harness';

let profileDir: string;
let browser: Browser;

/** One launch of the app on the kept profile; it quits whatever `use` does. */
async function launch(use: (desktop: Desktop) => Promise<void>): Promise<void> {
  const desktop = await launchDesktop({ profileDir });
  try {
    await use(desktop);
  } finally {
    await desktop.quit();
  }
}

beforeAll(async () => {
  profileDir = mkdtempSync(join(tmpdir(), 'nearcast-desktop-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

/** The device id as the renderer derives it: SHA-256 of the stored public key's SPKI. */
function deviceIdOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open('nearcast-device-key');
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error ?? new Error('no database'));
    });
    const pair = await new Promise<CryptoKeyPair | undefined>((resolve, reject) => {
      const reading = db.transaction('keys').objectStore('keys').get('device');
      reading.onsuccess = () => resolve(reading.result as CryptoKeyPair | undefined);
      reading.onerror = () => reject(reading.error ?? new Error('no key'));
    });
    db.close();
    if (!pair) return 'none';
    const spki = await crypto.subtle.exportKey('spki', pair.publicKey);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', spki));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  });
}

/** Bob, in a browser on the app's own server, rings the desktop user and hangs up before an answer. */
async function missedCallFromBob(at: Desktop): Promise<void> {
  const context = await browser.newContext();
  const bob = await context.newPage();
  await bob.goto(at.running.signalingUrl);
  await bob.getByLabel('Display name').fill('Bob');
  await bob.getByRole('button', { name: 'Save' }).click();
  const contacts = bob.getByRole('region', { name: 'People on this network' });
  await contacts.getByRole('button', { name: 'Call Ada' }).click({ timeout: 20_000 });
  const ring = at.page.getByRole('alertdialog', { name: 'Incoming call' });
  await ring.getByText('Bob is calling').waitFor({ timeout: 15_000 });
  await bob.getByRole('button', { name: 'Cancel call' }).click();
  await ring.waitFor({ state: 'detached', timeout: 15_000 });
  await context.close();
}

const missedCalls = (page: Page) => page.locator('section.missed');

describe('the desktop app across restarts', () => {
  const ports: string[] = [];
  let deviceId = '';

  it('first launch: the user sets a name, gets a missed call and picks French', () =>
    launch(async (desktop) => {
      const { page } = desktop;
      ports.push(new URL(desktop.running.signalingUrl).port);
      await page.getByLabel('Display name').fill('Ada');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await missedCallFromBob(desktop);
      await missedCalls(page)
        .getByText(/^Bob at /)
        .waitFor({ timeout: 10_000 });
      await page.getByLabel('Language').selectOption('fr');
      await page.locator('html[lang="fr"]').waitFor();
      deviceId = await deviceIdOf(page);
      expect(deviceId).toMatch(/^[0-9a-f]{64}$/);
    }));

  for (const nth of ['second', 'third']) {
    it(`${nth} launch, on another port: name, language, device and missed call are still there`, () =>
      launch(async (desktop) => {
        const { page } = desktop;
        const port = new URL(desktop.running.signalingUrl).port;
        expect(ports).not.toContain(port);
        ports.push(port);
        await page.locator('#display-name').waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe('fr');
        expect(await page.locator('#display-name').inputValue()).toBe('Ada');
        await missedCalls(page)
          .getByText(/^Bob à /)
          .waitFor();
        expect(await deviceIdOf(page)).toBe(deviceId);
      }));
  }
});
