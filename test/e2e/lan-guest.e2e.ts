/**
 * A guest on another machine of the LAN who opens the server by its LAN address over plain http, as
 * the README's default set-up has it: an insecure context (no crypto.randomUUID, crypto.subtle,
 * getUserMedia or getDisplayMedia). Ada uses the server's own machine, as the desktop app's user does
 * (http://127.0.0.1, a secure context); Gus's Chromium runs on a machine of its own, so every packet
 * between them crosses the test LAN's bridge.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestFiles } from '../support/files';
import { joinLink, lanSuite } from './lan/suite';
import { peakAudioLevel, waitForDecodingVideo } from './probes';
import { openChat } from './room-pages';

const suite = lanSuite(['server', 'guest']);
const files = new TestFiles();
const ROOM = 'lan-guest';
let ada: Page;
let gus: Page;

beforeAll(async () => {
  ada = await suite.open('server', 'Ada', joinLink(suite.server.localUrl, ROOM, 'Ada'));
  await ada.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
  return () => files.dispose();
});

describe('a guest on another machine, over plain http', () => {
  it('loads the page from the LAN address and joins the room named in the link', async () => {
    gus = await suite.open('guest', 'Gus', joinLink(suite.server.lanUrl, ROOM, 'Gus'));
    expect(await gus.evaluate(() => window.isSecureContext)).toBe(false);
    await gus.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
    await ada.locator('figure[aria-label="Camera of Gus"]').waitFor({ timeout: 20_000 });
    expect(suite.pageErrors('Gus')).toEqual([]);
  });

  it('sees and hears the person on the server machine', async () => {
    expect((await waitForDecodingVideo(gus, 'Camera of Ada')).width).toBeGreaterThan(0);
    expect(await peakAudioLevel(gus, 'Camera of Ada')).toBeGreaterThan(0.01);
  });

  it('sees a screen shared to it', async () => {
    await ada.getByRole('button', { name: 'Share screen' }).click();
    expect((await waitForDecodingVideo(gus, 'Screen shared by Ada')).width).toBeGreaterThan(0);
    await ada.getByRole('button', { name: 'Stop sharing' }).click();
  });

  it('is told once, calmly, why it cannot send, and its capture controls are disabled', async () => {
    const why = gus.getByRole('status').filter({ hasText: 'not secure' });
    await why.waitFor();
    expect(await why.count()).toBe(1);
    expect(await why.textContent()).toMatch(/camera, microphone or screen/);
    expect(await gus.getByRole('alert').count()).toBe(0);
    const explanationId = await why.getAttribute('id');
    for (const name of ['Mute', 'Camera on', 'Share screen']) {
      const control = gus.getByRole('button', { name, exact: true });
      expect(await control.isDisabled(), name).toBe(true);
      expect(await control.getAttribute('aria-describedby'), name).toBe(explanationId);
    }
  });

  it('copies the invite link by hand, the clipboard being missing over http', async () => {
    await gus.getByRole('button', { name: 'Copy invite link' }).click();
    await gus.getByRole('status').filter({ hasText: 'Press Ctrl+C' }).waitFor();
    const selected = await gus.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#invite-link');
      return input ? input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0) : '';
    });
    expect(selected).toContain(`room=${ROOM}`);
  });

  it('chats both ways', async () => {
    await openChat(gus);
    await gus.getByLabel('Message').fill('hello from the guest');
    await gus.getByRole('button', { name: 'Send', exact: true }).click();
    await ada.getByRole('button', { name: 'Chat (1 unread)' }).waitFor({ timeout: 15_000 });
    await openChat(ada);
    await ada.locator('.messages li').getByText('hello from the guest').waitFor();
    await gus.getByText('Delivered to Ada').waitFor({ timeout: 15_000 });

    await ada.getByLabel('Message').fill('welcome, Gus');
    await ada.getByRole('button', { name: 'Send', exact: true }).click();
    await gus.locator('.messages li').getByText('welcome, Gus').waitFor({ timeout: 15_000 });
    expect(suite.pageErrors('Gus')).toEqual([]);
  });

  it('receives a file into memory and saves it on click, byte for byte', async () => {
    const file = files.create('notes.bin', 3 * 1024 * 1024);
    await ada.getByLabel('Send to').selectOption({ label: 'Everyone' });
    await ada.getByLabel('Files to send').setInputFiles(file.path);
    const incoming = gus.locator('li[aria-label="Receiving notes.bin"]');
    await incoming.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
    await incoming.getByText('Verified (SHA-256)').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([
      gus.waitForEvent('download'),
      incoming.getByRole('link', { name: 'Save notes.bin' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('notes.bin');
    const saved = await readFile(await download.path());
    expect(createHash('sha256').update(saved).digest('hex')).toBe(file.sha256);
    expect(suite.pageErrors('Gus')).toEqual([]);
  });
});
