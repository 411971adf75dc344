/**
 * "Host on this computer", end to end (issue 17): the desktop app, a computer of the test LAN, hosts;
 * a browser on another machine opens the address the app's QR code carries, joins the room the host
 * is in, and both see and hear each other, the media crossing the LAN between the two addresses.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { THIS_PROCESS_ADDRESS } from '../lan/topology';
import { peakAudioLevel, waitForDecodingVideo } from '../probes';
import { desktopOnLan, hostOnThisComputer, joinRoom, setName } from './lan-desktop';

const ROOM = 'desk-hosting';
const suite = desktopOnLan(['guest']);

describe('a guest on another machine joins the room of the app that hosts', () => {
  let joinUrl: string;
  let guest: Page;

  it("shows the computer's LAN address in the QR code once the user hosts", async () => {
    const { page } = suite.desktop;
    await setName(page, 'Ada');
    joinUrl = await hostOnThisComputer(suite.desktop);
    expect(new URL(joinUrl).hostname).toBe(THIS_PROCESS_ADDRESS);
    await joinRoom(page, ROOM);
  });

  it('lets the guest who opens that address into the same room, both seeing and hearing each other', async () => {
    const { page } = suite.desktop;
    guest = await suite.guest('guest', 'Bob', joinUrl, { secureOrigins: [joinUrl] });
    await setName(guest, 'Bob');
    await joinRoom(guest, ROOM);
    for (const [viewer, other] of [
      [page, 'Bob'],
      [guest, 'Ada'],
    ] as const) {
      expect((await waitForDecodingVideo(viewer, `Camera of ${other}`)).width).toBeGreaterThan(0);
      expect(await peakAudioLevel(viewer, `Camera of ${other}`)).toBeGreaterThan(0.01);
    }
  });

  it("routes the media between the host's LAN address and the guest's machine, both ways", async () => {
    const app = THIS_PROCESS_ADDRESS.replace(/\./g, '\\.');
    const guestAddress = suite.lan.machine('guest').address.replace(/\./g, '\\.');
    for (const [viewer, other, route] of [
      [suite.desktop.page, 'Bob', new RegExp(`${app}:\\d+ ⇄ \\w+ ${guestAddress}:`)],
      [guest, 'Ada', new RegExp(`${guestAddress}:\\d+ ⇄ \\w+ ${app}:`)],
    ] as const) {
      await viewer.getByRole('button', { name: `Connection details for ${other}` }).click();
      const details = viewer.getByRole('region', { name: `Connection details for ${other}` });
      await details.getByText(route).waitFor({ timeout: 15_000 });
      await viewer.getByRole('button', { name: 'Close connection details' }).click();
    }
  });
});
