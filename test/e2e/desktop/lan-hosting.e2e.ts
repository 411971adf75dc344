/**
 * "Host on this computer", end to end (issue 17): the desktop app, a computer of the test LAN, hosts.
 * A browser on another machine opens the link the app's QR code holds (HTTPS on the computer's LAN
 * address, with the access code), accepting exactly the certificate whose fingerprint the app shows,
 * and waits; the host sees "Bob wants to join" and allows him; Bob is in the host's room in a secure
 * context and both see and hear each other, the media crossing the LAN between the two addresses.
 * Another guest, denied, is told so and stays out.
 */
import type { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { joinLink } from '../lan/suite';
import { spkiHash, THIS_PROCESS_ADDRESS } from '../lan/topology';
import { peakAudioLevel, waitForDecodingVideo } from '../probes';
import { certificateAt, desktopOnLan, hostOnThisComputer, joinRoom, setName } from './lan-desktop';

const ROOM = 'desk-hosting';
const suite = desktopOnLan(['guest']);

/** The host's lobby prompt for `name`, over whatever the app shows. */
const knock = (app: Page, name: string) => app.getByRole('alertdialog', { name: `${name} wants to join` });

describe('guests on another machine of the app that hosts', () => {
  let qrLink: URL;
  let shownFingerprint: string | null;
  let certificate: X509Certificate;
  let guest: Page;

  it("puts an HTTPS link on the computer's LAN address with the access code in the QR code", async () => {
    const { page } = suite.desktop;
    await setName(page, 'Ada');
    qrLink = new URL(await hostOnThisComputer(suite.desktop));
    const panel = page.getByRole('region', { name: 'Host on this network' });
    const code = await panel.locator('code.code').textContent();
    expect(qrLink.protocol).toBe('https:');
    expect(qrLink.hostname).toBe(THIS_PROCESS_ADDRESS);
    expect(qrLink.hash).toBe(`#code=${code}`);
    shownFingerprint = await panel.locator('code.fingerprint').textContent();
    await joinRoom(page, ROOM);
  });

  it('serves on that link the certificate whose fingerprint the app shows', async () => {
    certificate = await certificateAt(qrLink);
    expect(certificate.fingerprint256).toBe(shownFingerprint);
  });

  it('lets the guest in once the host allows: HTTPS, a secure context, both seeing and hearing', async () => {
    const { page } = suite.desktop;
    guest = await suite.guest('guest', 'Bob', joinLink(qrLink.href, ROOM, 'Bob'), {
      acceptCertificates: [spkiHash(certificate)],
    });
    await guest.getByRole('status').getByText('Waiting for the host to let you in…').waitFor();
    await knock(page, 'Bob')
      .getByText(`From ${suite.lan.machine('guest').address} on your network`)
      .waitFor({ timeout: 20_000 });
    await knock(page, 'Bob').getByRole('button', { name: 'Allow' }).click();
    await guest.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
    expect(await guest.evaluate(() => [location.protocol, window.isSecureContext])).toEqual(['https:', true]);
    expect(guest.url()).not.toContain('code=');
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
      [suite.desktop.page, 'Bob', new RegExp(`${app}:\\d+ ⇄ ${guestAddress}:`)],
      [guest, 'Ada', new RegExp(`${guestAddress}:\\d+ ⇄ ${app}:`)],
    ] as const) {
      await viewer.getByRole('button', { name: `Connection details for ${other}` }).click();
      const details = viewer.getByRole('region', { name: `Connection details for ${other}` });
      await details.getByText(route).waitFor({ timeout: 15_000 });
      await viewer.getByRole('button', { name: 'Close connection details' }).click();
    }
  });

  it('tells a guest the host denied that they were not let in', async () => {
    const { page } = suite.desktop;
    const eve = await suite.guest('guest', 'Eve', joinLink(qrLink.href, ROOM, 'Eve'));
    await eve.getByRole('status').getByText('Waiting for the host to let you in…').waitFor();
    await knock(page, 'Eve').getByRole('button', { name: 'Deny' }).click({ timeout: 20_000 });
    await eve.getByRole('alert').getByText('The host did not let you in.').waitFor({ timeout: 20_000 });
    expect(await eve.getByRole('heading', { name: ROOM }).count()).toBe(0);
    expect(await page.locator('figure[aria-label="Camera of Eve"]').count()).toBe(0);
  });
});
