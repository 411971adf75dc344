/**
 * Calling people from the directory, as users do it, in three Chromium pages on one server inside a
 * loopback-only network namespace: a 1:1 call by invite and accept (with the callee's own camera in
 * view while it rings), a decline, a missed call, and a group call of three who all see and hear each
 * other.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expectNoAxeViolations } from './axe';
import { peakAudioLevel, waitForDecodingVideo } from './probes';

let server: ServerProcess;
let browser: Browser;
const logs: string[] = [];
const people = new Map<string, Page>();

/** Opens Home, enters the name and saves it, as someone would on first start. */
async function arrive(name: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('nearcastDebug', '1'));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') logs.push(`[${name}] ${m.text()}`);
  });
  await page.goto(server.url);
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  people.set(name, page);
  return page;
}

const page = (name: string) => people.get(name)!;
const contacts = (at: Page) => at.getByRole('region', { name: 'People on this network' });
const incoming = (at: Page) => at.getByRole('alertdialog', { name: 'Incoming call' });

async function backHome(at: Page): Promise<void> {
  await at.getByRole('heading', { name: 'Rooms' }).waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  await arrive('Ada');
  await arrive('Bob');
  await arrive('Cy');
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
  logs.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('calling contacts on the LAN', () => {
  it('lists everyone else online, live, with a Call button each', async () => {
    const list = contacts(page('Ada'));
    await list.getByRole('button', { name: 'Call Bob' }).waitFor({ timeout: 15_000 });
    await list.getByRole('button', { name: 'Call Cy' }).waitFor();
    expect(await list.getByRole('button', { name: 'Call Ada' }).count()).toBe(0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page('Ada').emulateMedia({ colorScheme });
      await expectNoAxeViolations(page('Ada'), `Home with contacts, ${colorScheme}`);
    }
  });

  it('rings the callee with the caller name; accepting connects both with video', async () => {
    await contacts(page('Ada')).getByRole('button', { name: 'Call Bob' }).click();
    await page('Ada').getByRole('status').filter({ hasText: 'Ringing Bob…' }).waitFor({ timeout: 15_000 });
    const ring = incoming(page('Bob'));
    await ring.getByText('Ada is calling').waitFor({ timeout: 15_000 });
    // Bob sees his own camera before answering (it opens for the ring), and answers with it.
    expect((await waitForDecodingVideo(page('Bob'), 'Your camera')).width).toBeGreaterThan(0);
    await expectNoAxeViolations(page('Bob'), 'Incoming call');
    await ring.getByRole('button', { name: 'Accept' }).click();
    await page('Ada').getByRole('heading', { name: 'Call with Bob' }).waitFor({ timeout: 20_000 });
    await page('Bob').getByRole('heading', { name: 'Call with Ada' }).waitFor({ timeout: 20_000 });
    expect((await waitForDecodingVideo(page('Ada'), 'Camera of Bob')).width).toBeGreaterThan(0);
    expect((await waitForDecodingVideo(page('Bob'), 'Camera of Ada')).width).toBeGreaterThan(0);
    // Cy sees both as busy in a call, and cannot ring them.
    await expect
      .poll(() => contacts(page('Cy')).getByRole('button', { name: 'Call Ada' }).isDisabled(), {
        timeout: 10_000,
      })
      .toBe(true);
  });

  it('when one hangs up the other is told and taken back home', async () => {
    await page('Ada').getByRole('button', { name: 'Leave' }).click();
    await backHome(page('Ada'));
    await page('Bob').getByText('The call ended: everyone else hung up.').waitFor({ timeout: 20_000 });
    await backHome(page('Bob'));
  });

  it('a declined call tells the caller who declined', async () => {
    await contacts(page('Ada')).getByRole('button', { name: 'Call Cy' }).click();
    await incoming(page('Cy')).getByRole('button', { name: 'Decline' }).click();
    await page('Ada').getByText('Cy declined the call.').waitFor({ timeout: 20_000 });
    await backHome(page('Ada'));
    expect(await incoming(page('Cy')).count()).toBe(0);
  });

  it('a call the caller withdraws shows up in missed calls, with Call back', async () => {
    await contacts(page('Bob')).getByRole('button', { name: 'Call Cy' }).click();
    await incoming(page('Cy')).getByText('Bob is calling').waitFor({ timeout: 15_000 });
    await page('Bob').getByRole('button', { name: 'Cancel call' }).click();
    await backHome(page('Bob'));
    await incoming(page('Cy')).waitFor({ state: 'detached', timeout: 15_000 });
    const missed = page('Cy').getByRole('region', { name: 'Missed calls' });
    await missed.getByText(/^Bob at /).waitFor({ timeout: 10_000 });
    await missed.getByRole('button', { name: 'Call Bob back' }).waitFor();
  });

  it('three people in one call see and hear each other', async () => {
    await contacts(page('Ada')).getByRole('button', { name: 'Call Bob' }).click();
    await incoming(page('Bob')).getByRole('button', { name: 'Accept' }).click();
    await page('Ada').getByRole('heading', { name: 'Call with Bob' }).waitFor({ timeout: 20_000 });
    await page('Ada').getByRole('button', { name: 'Add people' }).click();
    await page('Ada').getByRole('button', { name: 'Ring Cy' }).click();
    await incoming(page('Cy')).getByRole('button', { name: 'Accept' }).click();
    const everyone = ['Ada', 'Bob', 'Cy'];
    for (const viewer of everyone) {
      for (const other of everyone.filter((name) => name !== viewer)) {
        expect((await waitForDecodingVideo(page(viewer), `Camera of ${other}`)).width).toBeGreaterThan(0);
        expect(await peakAudioLevel(page(viewer), `Camera of ${other}`)).toBeGreaterThan(0.01);
      }
    }
    await page('Cy')
      .getByRole('heading', { name: /^Call with (Ada, Bob|Bob, Ada)$/ })
      .waitFor();
  });
});
