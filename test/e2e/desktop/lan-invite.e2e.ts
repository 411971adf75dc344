/**
 * "Copy invite link" in the desktop app opens the room from another machine (issue 17, defect 2): the
 * app hosts and is in a room; the user copies the invite link from the room's header; what landed on
 * the clipboard, opened in a browser on another machine of the test LAN, takes that person into the
 * room with the host.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { THIS_PROCESS_ADDRESS } from '../lan/topology';
import { waitForDecodingVideo } from '../probes';
import { desktopOnLan, hostOnThisComputer, joinRoom, setName } from './lan-desktop';

const ROOM = 'desk-invite';
const suite = desktopOnLan(['guest']);

describe('the invite link copied in the app', () => {
  let copied: string;
  let guest: Page;

  it('copies a link on the hosting address that names the room', async () => {
    const { page } = suite.desktop;
    await setName(page, 'Ada');
    const hostingUrl = await hostOnThisComputer(suite.desktop);
    await joinRoom(page, ROOM);
    await page.getByRole('button', { name: 'Copy invite link' }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).hostname).toBe(THIS_PROCESS_ADDRESS);
    expect(copied).toBe(`${hostingUrl}?room=${ROOM}`);
  });

  it('opens the room from another machine, where the guest joins the host', async () => {
    const { page } = suite.desktop;
    guest = await suite.guest('guest', 'Bob', copied);
    expect(await guest.getByLabel('Room', { exact: true }).inputValue()).toBe(ROOM);
    await setName(guest, 'Bob');
    await guest.locator('#room-form').getByRole('button', { name: 'Join' }).click();
    await guest.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
    expect((await waitForDecodingVideo(guest, 'Camera of Ada')).width).toBeGreaterThan(0);
    await page.locator('figure[aria-label="Camera of Bob"]').waitFor({ timeout: 20_000 });
  });
});
