/**
 * The desktop app as one computer of the test LAN, for scenarios where people on other machines join
 * it: the LAN (test/e2e/lan/topology.ts) with this process plugged in as 10.79.0.200, the app launched
 * by the harness on a fresh profile with hosting on that address, and guests' pages on the machines,
 * each in a browser context of its own. Warnings and errors of every page are printed when a test
 * fails. After the file: the app quits, the guests' browsers close, the namespaces and the profile go.
 */
import type { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createLan, type BrowserOptions, type Lan } from '../lan/topology';
import { launchDesktop, type Desktop } from './harness';

export interface DesktopOnLan {
  readonly lan: Lan;
  /** The app, hosting on this process's LAN address once the user starts it. */
  readonly desktop: Desktop;
  /**
   * Opens `url` as `name` on `machine`, in a fresh browser context; the first guest on a machine
   * decides its browser's options.
   */
  guest(machine: string, name: string, url: string, options?: BrowserOptions): Promise<Page>;
}

/** Registers the hooks for `machines` (the guests' computers); read the fields inside tests. */
export function desktopOnLan(machines: string[]): DesktopOnLan {
  let lan: Lan | null = null;
  let desktop: Desktop | null = null;
  let profileDir = '';
  const browsers = new Map<string, Promise<Browser>>();
  const logs: string[] = [];

  const keepLogs = (page: Page, name: string): void => {
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error')
        logs.push(`[${name}] ${message.text()}`);
    });
    page.on('pageerror', (error) => logs.push(`[${name}] page error: ${error.message}`));
  };

  beforeAll(async () => {
    lan = createLan(machines);
    const here = lan.attachThisProcess();
    profileDir = mkdtempSync(join(tmpdir(), 'nearcast-desktop-lan-'));
    desktop = await launchDesktop({ profileDir, lan: here });
    keepLogs(desktop.page, 'app');
  });

  afterEach(({ task }) => {
    if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
    logs.length = 0;
  });

  afterAll(async () => {
    await desktop?.quit();
    await lan?.dispose();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  return {
    get lan() {
      if (!lan) throw new Error('The LAN exists only inside tests and hooks.');
      return lan;
    },
    get desktop() {
      if (!desktop) throw new Error('The app runs only inside tests and hooks.');
      return desktop;
    },
    async guest(machine, name, url, options = {}) {
      let browser = browsers.get(machine);
      if (!browser) {
        browser = lan!.launchBrowser(machine, options);
        browsers.set(machine, browser);
      }
      const context = await (await browser).newContext();
      await context.addInitScript(() => localStorage.setItem('nearcastDebug', '1'));
      const page = await context.newPage();
      keepLogs(page, name);
      await page.goto(url);
      return page;
    },
  };
}

/**
 * What the user does on Home to let others in: clicks "Host on this computer". Returns the link a
 * guest's phone gets by scanning the QR code the panel then shows.
 */
export async function hostOnThisComputer(desktop: Desktop): Promise<string> {
  const panel = desktop.page.getByRole('region', { name: 'Host on this network' });
  await panel.getByRole('button', { name: 'Host on this computer' }).click();
  const qr = panel.getByRole('img', { name: /^QR code for / });
  // Generous: hosting may first make its key pair, slow on a loaded machine.
  await qr.waitFor({ timeout: 60_000 });
  return desktop.scanQrCode((await qr.getAttribute('src'))!);
}

/** The certificate `url`'s server presents, as a browser receives it before deciding to trust it. */
export function certificateAt(url: URL): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () => {
      const certificate = socket.getPeerX509Certificate();
      socket.end();
      if (certificate) resolve(certificate);
      else reject(new Error(`${url.host} presented no certificate`));
    });
    socket.once('error', reject);
  });
}

/** Sets the display name on Home, as a person does before joining. */
export async function setName(page: Page, name: string): Promise<void> {
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 20_000 });
}

/**
 * Joins `room` from Home's room form (its field may already hold the room a link named), through the
 * pre-join screen with camera and microphone on.
 */
export async function joinRoom(page: Page, room: string): Promise<void> {
  await page.getByLabel('Room', { exact: true }).fill(room);
  await page.locator('#room-form').getByRole('button', { name: 'Join' }).click();
  await page.getByRole('button', { name: 'Join now' }).click({ timeout: 20_000 });
  await page.getByRole('heading', { name: room }).waitFor({ timeout: 20_000 });
}
