/**
 * Two people on two machines of the test LAN, the server on a third: a call by room link with
 * camera, microphone and a screen share, chat both ways and a file, then a call by ringing a contact
 * and accepting. Media crosses the bridge between the machines' own addresses (the connection
 * details name them), never loopback.
 *
 * Both browsers treat the server's LAN origin as secure, standing in for a guest who reached it over
 * https (accepting a certificate is what the https tests cover): only a secure page may send.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestFiles } from '../support/files';
import { joinLink, lanSuite, type PersonOptions } from './lan/suite';
import { peakAudioLevel, tileVideo, waitForDecodingVideo } from './probes';
import { openChat, originFileDigest, saveToOriginFileSystem } from './room-pages';

const suite = lanSuite(['server', 'ada', 'bob']);
const files = new TestFiles();
const ROOM = 'lan-call';
afterAll(() => files.dispose());

/** Each person on their own machine, as a sender. */
function sender(): PersonOptions {
  return { secureOrigins: [suite.server.lanUrl], setup: saveToOriginFileSystem };
}

const contacts = (at: Page) => at.getByRole('region', { name: 'People on this network' });

describe('a call between two machines', () => {
  let ada: Page;
  let bob: Page;

  it('joins both by the room link, each seeing and hearing the other', async () => {
    ada = await suite.open('ada', 'Ada', joinLink(suite.server.lanUrl, ROOM, 'Ada'), sender());
    bob = await suite.open('bob', 'Bob', joinLink(suite.server.lanUrl, ROOM, 'Bob'), sender());
    for (const [viewer, other] of [
      [ada, 'Bob'],
      [bob, 'Ada'],
    ] as const) {
      expect((await waitForDecodingVideo(viewer, `Camera of ${other}`)).width).toBeGreaterThan(0);
      expect(await peakAudioLevel(viewer, `Camera of ${other}`)).toBeGreaterThan(0.01);
    }
  });

  it("routes the media between the two machines' LAN addresses", async () => {
    const { address: adaAddress } = suite.lan.machine('ada');
    const { address: bobAddress } = suite.lan.machine('bob');
    await ada.getByRole('button', { name: 'Connection details for Bob' }).click();
    const details = ada.getByRole('region', { name: 'Connection details for Bob' });
    const route = new RegExp(
      `${adaAddress.replace(/\./g, '\\.')}:\\d+ ⇄ ${bobAddress.replace(/\./g, '\\.')}:`,
    );
    await details.getByText(route).waitFor({ timeout: 15_000 });
    await ada.getByRole('button', { name: 'Close connection details' }).click();
  });

  it("shows Bob's shared screen at Ada's, and removes it when he stops", async () => {
    await bob.getByRole('button', { name: 'Share screen' }).click();
    expect((await waitForDecodingVideo(ada, 'Screen shared by Bob')).width).toBeGreaterThan(0);
    await bob.getByRole('button', { name: 'Stop sharing' }).click();
    await ada.locator(tileVideo('Screen shared by Bob')).waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('chats both ways', async () => {
    await openChat(ada);
    await ada.getByLabel('Message').fill('from the first machine');
    await ada.getByRole('button', { name: 'Send', exact: true }).click();
    await bob.getByRole('button', { name: 'Chat (1 unread)' }).waitFor({ timeout: 15_000 });
    await openChat(bob);
    await bob.locator('.messages li').getByText('from the first machine').waitFor();
    await bob.getByLabel('Message').fill('and back from the second');
    await bob.getByRole('button', { name: 'Send', exact: true }).click();
    await ada.locator('.messages li').getByText('and back from the second').waitFor({ timeout: 15_000 });
    await ada.getByText('Delivered to Bob').waitFor({ timeout: 15_000 });
  });

  it('sends a file to the other machine, streamed to disk with a matching SHA-256', async () => {
    const file = files.create('lan.bin', 24 * 1024 * 1024);
    await ada.getByLabel('Send to').selectOption({ label: 'Bob — Not verified' });
    await ada.getByLabel('Files to send').setInputFiles(file.path);
    const incoming = bob.locator('li[aria-label="Receiving lan.bin"]');
    await incoming.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
    await incoming.getByText('Verified (SHA-256)').waitFor({ timeout: 60_000 });
    await ada.locator('li[aria-label="Sending lan.bin"]').getByText('Verified (SHA-256)').waitFor();
    expect(await originFileDigest(bob, 'lan.bin')).toBe(file.sha256);
  });

  it('ends for Ada when Bob leaves', async () => {
    await bob.getByRole('button', { name: 'Leave' }).click();
    await ada.locator('figure[aria-label="Camera of Bob"]').waitFor({ state: 'detached', timeout: 15_000 });
    await Promise.all([ada.context().close(), bob.context().close()]);
  });
});

describe('calling a contact on another machine', () => {
  let ada: Page;
  let bob: Page;

  async function arrive(machine: string, name: string): Promise<Page> {
    const page = await suite.open(machine, name, suite.server.lanUrl, sender());
    await page.getByLabel('Display name').fill(name);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 20_000 });
    return page;
  }

  it('rings the callee with the caller name; accepting connects both with video and sound', async () => {
    ada = await arrive('ada', 'Ada');
    bob = await arrive('bob', 'Bob');
    await contacts(ada).getByRole('button', { name: 'Call Bob' }).click({ timeout: 15_000 });
    const ring = bob.getByRole('alertdialog', { name: 'Incoming call' });
    await ring.getByText('Ada is calling').waitFor({ timeout: 15_000 });
    await ring.getByRole('button', { name: 'Accept' }).click();
    await ada.getByRole('heading', { name: 'Call with Bob' }).waitFor({ timeout: 20_000 });
    await bob.getByRole('heading', { name: 'Call with Ada' }).waitFor({ timeout: 20_000 });
    expect((await waitForDecodingVideo(ada, 'Camera of Bob')).width).toBeGreaterThan(0);
    expect((await waitForDecodingVideo(bob, 'Camera of Ada')).width).toBeGreaterThan(0);
    expect(await peakAudioLevel(bob, 'Camera of Ada')).toBeGreaterThan(0.01);
  });

  it('hanging up tells the other, and takes both home', async () => {
    await ada.getByRole('button', { name: 'Leave' }).click();
    await bob.getByText('The call ended: everyone else hung up.').waitFor({ timeout: 20_000 });
    await ada.getByRole('heading', { name: 'Rooms' }).waitFor({ timeout: 20_000 });
    await bob.getByRole('heading', { name: 'Rooms' }).waitFor({ timeout: 20_000 });
  });
});
