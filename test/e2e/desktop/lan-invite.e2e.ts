/**
 * "Copy invite link" in the desktop app opens the room from another machine (issue 17, defect 2): the
 * app hosts and is in a room; the user copies the invite link from the room's header: the hosting
 * address with the room and the access code. What landed on the clipboard, opened in a browser on
 * another machine of the test LAN (which accepts the certificate the app shows the fingerprint of),
 * asks the host, who allows; the guest, the room already filled in, joins the host.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { spkiHash, THIS_PROCESS_ADDRESS } from '../lan/topology';
import { waitForDecodingVideo } from '../probes';
import { certificateAt, desktopOnLan, hostOnThisComputer, joinRoom, setName } from './lan-desktop';

const ROOM = 'desk-invite';
const suite = desktopOnLan(['guest']);

describe('the invite link copied in the app', () => {
  let copied: URL;
  let guest: Page;

  it('copies a link on the hosting address that names the room and carries the access code', async () => {
    const { page } = suite.desktop;
    await setName(page, 'Ada');
    await hostOnThisComputer(suite.desktop);
    const panel = page.getByRole('region', { name: 'Host on this network' });
    const hostingUrl = await panel.locator('.urls code').first().textContent();
    const code = await panel.locator('code.code').textContent();
    await joinRoom(page, ROOM);
    await page.getByRole('button', { name: 'Copy invite link' }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied.hostname).toBe(THIS_PROCESS_ADDRESS);
    expect(copied.href).toBe(`${hostingUrl}?room=${ROOM}#code=${code}`);
  });

  it('opens the room from another machine once the host lets the guest in', async () => {
    const { page } = suite.desktop;
    const certificate = await certificateAt(copied);
    guest = await suite.guest('guest', 'Bob', copied.href, { acceptCertificates: [spkiHash(certificate)] });
    // The guest has given no name yet: the host is shown where they come from.
    const knock = page.getByRole('alertdialog', {
      name: `${suite.lan.machine('guest').address} wants to join`,
    });
    await knock.getByRole('button', { name: 'Allow' }).click({ timeout: 20_000 });
    expect(await guest.getByLabel('Room', { exact: true }).inputValue()).toBe(ROOM);
    await setName(guest, 'Bob');
    await guest.locator('#room-form').getByRole('button', { name: 'Join' }).click();
    // Before the room: the guest's own camera, and the microphone level moving with the fake device.
    const prejoin = guest.getByRole('region', { name: `Ready to join ${ROOM}?` });
    await prejoin.getByRole('meter', { name: 'Microphone level' }).waitFor({ timeout: 20_000 });
    await waitForDecodingVideo(guest, 'Your camera');
    await prejoin.getByRole('button', { name: 'Join now' }).click();
    await guest.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
    expect((await waitForDecodingVideo(guest, 'Camera of Ada')).width).toBeGreaterThan(0);
    expect((await waitForDecodingVideo(page, 'Camera of Bob')).width).toBeGreaterThan(0);
  });
});
