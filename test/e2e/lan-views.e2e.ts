/**
 * Every view a LAN guest can reach, opened from an insecure origin (the server's LAN address over
 * plain http, from another machine) in a real Chromium: Home with its name form and directory, an
 * incoming call, the call with its device and connection-details panels, a call that rings out, a
 * missed call, and a server that asks for an access code. None may throw: a secure-context-only API
 * called unguarded (crypto.randomUUID, crypto.subtle, navigator.mediaDevices) shows up here as a page
 * error or a blank page, whichever view it hides in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { lanSuite } from './lan/suite';
import { waitForDecodingVideo } from './probes';

const suite = lanSuite(['server', 'guest']);
const ACCESS_CODE = 'lan-views-code';
let ada: Page;
let gus: Page;

const contacts = (at: Page) => at.getByRole('region', { name: 'People on this network' });
const incoming = (at: Page) => at.getByRole('alertdialog', { name: 'Incoming call' });

async function arrive(machine: string, name: string, url: string): Promise<Page> {
  const page = await suite.open(machine, name, url);
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 20_000 });
  return page;
}

async function backHome(at: Page): Promise<void> {
  await at.getByRole('heading', { name: 'Rooms' }).waitFor({ timeout: 20_000 });
}

/** Not the blank page an uncaught error at start-up leaves: the app rendered something. */
async function rendered(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('#app')?.textContent?.trim().length ?? 0);
}

afterEach(() => {
  expect(suite.pageErrors('Gus')).toEqual([]);
});

describe('every view, from an insecure LAN origin', () => {
  it('Home: the page renders, saves a name and lists the person on the server machine', async () => {
    gus = await arrive('guest', 'Gus', suite.server.lanUrl);
    expect(await gus.evaluate(() => window.isSecureContext)).toBe(false);
    expect(await rendered(gus)).toBeGreaterThan(0);
    ada = await arrive('server', 'Ada', suite.server.localUrl);
    await contacts(gus).getByRole('button', { name: 'Call Ada' }).waitFor({ timeout: 15_000 });
    await contacts(ada).getByRole('button', { name: 'Call Gus' }).waitFor({ timeout: 15_000 });
  });

  it('an incoming call, the call, its devices and connection details', async () => {
    await contacts(ada).getByRole('button', { name: 'Call Gus' }).click();
    const ring = incoming(gus);
    await ring.getByText('Ada is calling').waitFor({ timeout: 15_000 });
    await ring.getByRole('button', { name: 'Accept' }).click();
    await gus.getByRole('heading', { name: 'Call with Ada' }).waitFor({ timeout: 20_000 });
    await waitForDecodingVideo(gus, 'Camera of Ada');

    await gus.getByRole('button', { name: 'Devices', exact: true }).click();
    await gus.getByRole('button', { name: 'Close devices' }).click();
    await gus.getByRole('button', { name: 'Connection details for Ada' }).click();
    await gus.getByRole('region', { name: 'Connection details for Ada' }).waitFor();
    await gus.getByRole('button', { name: 'Close connection details' }).click();
    expect(await rendered(gus)).toBeGreaterThan(0);

    await gus.getByRole('button', { name: 'Leave' }).click();
    await backHome(gus);
    await backHome(ada);
  });

  it('a call that rings out and is declined', async () => {
    await contacts(gus).getByRole('button', { name: 'Call Ada' }).click();
    await gus.getByRole('status').filter({ hasText: 'Ringing Ada…' }).waitFor({ timeout: 15_000 });
    await incoming(ada).getByRole('button', { name: 'Decline' }).click();
    await gus.getByText('Ada declined the call.').waitFor({ timeout: 20_000 });
    await backHome(gus);
  });

  it('a missed call, with Call back', async () => {
    await contacts(ada).getByRole('button', { name: 'Call Gus' }).click();
    await incoming(gus).getByText('Ada is calling').waitFor({ timeout: 15_000 });
    await ada.getByRole('button', { name: 'Cancel call' }).click();
    const missed = gus.getByRole('region', { name: 'Missed calls' });
    await missed.getByRole('button', { name: 'Call Ada back' }).waitFor({ timeout: 15_000 });
  });

  it('a server that asks for an access code', async () => {
    const guarded = await suite.lan.startServer('server', ['--access-code', ACCESS_CODE]);
    const page = await suite.open('guest', 'Gus', guarded.lanUrl);
    await page.getByLabel('Workspace access code').fill(ACCESS_CODE);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText(`Connected to ${new URL(guarded.lanUrl).origin}`).waitFor({ timeout: 15_000 });
    expect(await rendered(page)).toBeGreaterThan(0);
  });
});
