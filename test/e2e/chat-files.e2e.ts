/**
 * Chat and file transfer between real Chromium pages, peer to peer over data channels, inside the
 * loopback-only network namespace: receipts, a 200 MiB file streamed to disk with matching SHA-256,
 * cancel from each side, a hostile file name, an oversized file refused, and a transfer that
 * survives the server going away and coming back.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { TestFiles } from '../support/files';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { openChat, originFileDigest, roomPages, saveToOriginFileSystem, type RoomPages } from './room-pages';

const MiB = 1024 * 1024;
let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
const files = new TestFiles();

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
  files.dispose();
});

async function waitForPeers(page: Page, names: string[]): Promise<void> {
  for (const name of names)
    await page.locator(`figure[aria-label="Camera of ${name}"]`).waitFor({ timeout: 20_000 });
}

function transfer(page: Page, direction: 'Sending' | 'Receiving', name: string) {
  return page.locator(`li[aria-label="${direction} ${name}"]`);
}

async function sendFiles(page: Page, paths: string[], to = 'Everyone'): Promise<void> {
  await page.getByLabel('Send to').selectOption({ label: to });
  await page.getByLabel('Files to send').setInputFiles(paths);
}

describe('chat', () => {
  it('delivers a message to everyone, as text, with links and receipts', async () => {
    const ada = await pages.open('Ada', 'chat-3');
    const bob = await pages.open('Bob', 'chat-3');
    const cy = await pages.open('Cy', 'chat-3');
    await waitForPeers(ada, ['Bob', 'Cy']);
    await waitForPeers(cy, ['Ada', 'Bob']);
    await openChat(ada);
    await ada.getByLabel('Message').fill('see <b>https://example.org/doc</b> now');
    await ada.getByRole('button', { name: 'Send', exact: true }).click();

    for (const page of [bob, cy]) {
      await page.getByRole('button', { name: 'Chat (1 unread)' }).waitFor({ timeout: 15_000 });
      await openChat(page);
      const text = page.locator('.messages li').last();
      await text.getByText('see <b>', { exact: false }).waitFor();
      expect(await text.locator('b').count()).toBe(0);
      const link = text.getByRole('link', { name: 'https://example.org/doc' });
      expect(await link.getAttribute('rel')).toContain('noopener');
    }
    await ada.getByText(/Delivered to (Bob, Cy|Cy, Bob)/).waitFor({ timeout: 15_000 });

    // Your own messages sit on the right, others' on the left, each in its own colour.
    await bob.getByLabel('Message').fill('thanks');
    await bob.getByRole('button', { name: 'Send', exact: true }).click();
    const mine = bob.locator('.messages li').last();
    const theirs = bob.locator('.messages li').first();
    await mine.getByText('thanks').waitFor();
    const list = (await bob.locator('.messages').boundingBox())!;
    const mineBox = (await mine.boundingBox())!;
    const theirsBox = (await theirs.boundingBox())!;
    expect(list.x + list.width - (mineBox.x + mineBox.width)).toBeLessThan(24);
    expect(theirsBox.x - list.x).toBeLessThan(4);
    expect(mineBox.x).toBeGreaterThan(theirsBox.x + 20);
    const background = (element: Element) => getComputedStyle(element).backgroundColor;
    expect(await mine.evaluate(background)).not.toBe(await theirs.evaluate(background));
    await Promise.all([ada, bob, cy].map((page) => page.context().close()));
  });
});

describe('files', () => {
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    ada = await pages.open('Ada', 'files');
    bob = await pages.open('Bob', 'files', saveToOriginFileSystem);
    await waitForPeers(ada, ['Bob']);
    await openChat(ada);
  });

  // An offer no longer opens the panel by itself: each test starts with Bob's open, as he would.
  beforeEach(() => openChat(bob));

  it('counts a file offered while the panel is closed on its toggle, until the panel is opened', async () => {
    await bob.getByRole('button', { name: 'Close chat' }).click();
    const file = files.create('unseen.txt', 1024);
    await sendFiles(ada, [file.path]);
    // Bob's panel stays closed over the call: its toggle counts the new file until he opens it.
    await bob.getByRole('button', { name: 'Chat, 1 new file' }).waitFor({ timeout: 15_000 });
    await bob.getByRole('status').filter({ hasText: '1 new file in the chat panel' }).waitFor();
    await openChat(bob);
    await transfer(bob, 'Receiving', 'unseen.txt').getByRole('button', { name: 'Decline' }).click();
    await bob.getByRole('button', { name: 'Close chat' }).waitFor();
  });

  it('streams a 200 MiB file to disk with a matching SHA-256 and steady progress', async () => {
    const file = files.create('big.bin', 200 * MiB);
    await sendFiles(ada, [file.path]);
    const offer = transfer(bob, 'Receiving', 'big.bin');
    await offer.getByRole('button', { name: 'Accept' }).click();
    const progress: number[] = [];
    const bar = offer.getByLabel('Progress of big.bin');
    while (!(await offer.getByText('Verified (SHA-256)').isVisible())) {
      progress.push(Number(await bar.getAttribute('value')));
      await bob.waitForTimeout(150);
    }
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    await transfer(ada, 'Sending', 'big.bin').getByText('Verified (SHA-256)').waitFor();
    expect(await originFileDigest(bob, 'big.bin')).toBe(file.sha256);
  });

  it('stops when the sender cancels, and leaves no partial file', async () => {
    const file = files.create('cancel-sender.bin', 120 * MiB);
    await sendFiles(ada, [file.path]);
    const incoming = transfer(bob, 'Receiving', 'cancel-sender.bin');
    await incoming.getByRole('button', { name: 'Accept' }).click();
    await incoming.getByText('Transferring').waitFor();
    await transfer(ada, 'Sending', 'cancel-sender.bin').getByRole('button', { name: 'Cancel' }).click();
    await incoming.getByText('Ada cancelled.').waitFor();
    await expect.poll(() => originFileDigest(bob, 'cancel-sender.bin'), { timeout: 5_000 }).toBeNull();
  });

  it('stops when the receiver cancels', async () => {
    const file = files.create('cancel-receiver.bin', 120 * MiB);
    await sendFiles(ada, [file.path]);
    const incoming = transfer(bob, 'Receiving', 'cancel-receiver.bin');
    await incoming.getByRole('button', { name: 'Accept' }).click();
    await incoming.getByText('Transferring').waitFor();
    await incoming.getByRole('button', { name: 'Cancel' }).click();
    await transfer(ada, 'Sending', 'cancel-receiver.bin').getByText('Bob cancelled.').waitFor();
    await expect.poll(() => originFileDigest(bob, 'cancel-receiver.bin'), { timeout: 5_000 }).toBeNull();
  });

  it('never uses a hostile file name as sent', async () => {
    const file = files.create('\u202eexe.txt', 1024);
    await sendFiles(ada, [file.path]);
    const incoming = transfer(bob, 'Receiving', 'exe.txt');
    await incoming.getByRole('button', { name: 'Accept' }).click();
    await incoming.getByText('Verified (SHA-256)').waitFor();
    expect(await originFileDigest(bob, 'exe.txt')).toBe(file.sha256);
  });

  it('refuses a file over the receiver’s limit, and says so on both sides', async () => {
    await openChat(bob);
    await bob.getByLabel('Largest file you accept (MB)').fill('1');
    const file = files.create('too-big.bin', 2 * MiB);
    await sendFiles(ada, [file.path]);
    await transfer(bob, 'Receiving', 'too-big.bin')
      .getByText(/more than your limit of 1.0 MB/)
      .waitFor();
    await transfer(ada, 'Sending', 'too-big.bin')
      .getByText('Bob does not accept files this large.')
      .waitFor();
    await bob.getByLabel('Largest file you accept (MB)').fill('10000');
  });

  it('finishes a transfer through the server going away and coming back', async () => {
    const file = files.create('resume.bin', 160 * MiB);
    await sendFiles(ada, [file.path]);
    const incoming = transfer(bob, 'Receiving', 'resume.bin');
    await incoming.getByRole('button', { name: 'Accept' }).click();
    const bar = incoming.getByLabel('Progress of resume.bin');
    await bob.waitForFunction(
      (el) => Number(el?.getAttribute('value')) > 10 * 1024 * 1024,
      await bar.elementHandle(),
    );
    const port = new URL(server.url).port;
    await server.stop();
    // The file itself goes peer to peer and may well finish while the server is away; when the
    // server's shutdown tells Bob that Ada left first, it stops and resumes once both are back. Which
    // happens first is the machine's timing, so either is waited for, never a fixed one.
    await incoming.getByText(/Connection lost|Verified \(SHA-256\)/).waitFor({ timeout: 60_000 });
    server = await startServerProcess(['--port', port]);
    await incoming.getByText('Verified (SHA-256)').waitFor({ timeout: 60_000 });
    expect(await originFileDigest(bob, 'resume.bin')).toBe(file.sha256);
  });
});
