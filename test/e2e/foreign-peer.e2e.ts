/**
 * A client written from docs/PROTOCOL.md alone (werift, no browser) and a Chromium page in one room,
 * through the real server: they connect and chat both ways, whichever joined first. With the page
 * already in the room the foreign client offers, and its candidates arrive before its offer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ForeignPeer } from './foreign-peer';
import { roomPages, type RoomPages } from './room-pages';

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
const peers: ForeignPeer[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  pages = roomPages(browser, () => server.url);
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${pages.logs.join('\n')}\n`);
  peers.splice(0).forEach((peer) => peer.close());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function until(check: () => boolean, what: () => string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!check()) throw new Error(`never happened: ${what()}`);
}

async function chatBothWays(page: Page, peer: ForeignPeer): Promise<void> {
  await page.locator('figure[aria-label="Camera of Wendy"]').waitFor({ timeout: 30_000 });
  const [pageId] = [...peer.links.keys()];
  await until(
    () => peer.controlOpen(pageId!),
    () => `the control channel opens (${peer.describe()})`,
  );

  const toggle = page.getByRole('button', { name: /^Chat/ });
  if ((await toggle.count()) > 0) await toggle.click();
  await page.getByLabel('Message').fill('from Chromium');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await until(
    () => peer.chats.includes('from Chromium'),
    () => 'the foreign peer receives the chat',
  );
  await page.getByText('Delivered to Wendy').waitFor({ timeout: 15_000 });

  peer.sendChat(pageId!, 'from werift');
  await page.locator('.messages li').getByText('from werift').waitFor({ timeout: 15_000 });
  expect(peer.chats).toEqual(['from Chromium']);
}

describe('a client written from PROTOCOL.md', () => {
  it('chats both ways with a Chromium page that joins after it', async () => {
    const peer = new ForeignPeer(server.url, 'Wendy', 'werift-client-0001');
    peers.push(peer);
    await peer.join('foreign-first');
    const page = await pages.open('Ada', 'foreign-first');
    await chatBothWays(page, peer);
    await page.context().close();
  });

  it('chats both ways with a Chromium page already in the room', async () => {
    const page = await pages.open('Ada', 'foreign-second');
    const peer = new ForeignPeer(server.url, 'Wendy', 'werift-client-0002');
    peers.push(peer);
    await peer.join('foreign-second');
    await chatBothWays(page, peer);
    await page.context().close();
  });
});
