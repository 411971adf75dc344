/**
 * Two guests on two machines of the test LAN reach the standalone server on a third over https, with
 * its self-signed certificate kept in its data folder. Each Chromium accepts exactly that certificate
 * (by the SHA-256 of its public key, as a person accepts it after comparing the fingerprint), nothing
 * else. The server asks for an access code: Ada types it on the way into the room her link names, and
 * Bob gets it in the invite link Ada copies. Then camera and microphone both ways, a screen shared by
 * Bob, and a file Bob sends, all between the two machines' LAN addresses. Then the server runs again
 * with --plain-http on the same data folder: the same certificate, and a guest over http on the same
 * port in the same room as a sender over https.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFiles } from '../support/files';
import { joinLink } from './lan/suite';
import { createLan, LAN_CHROMIUM_ARGS, type Lan, type LanServer } from './lan/topology';
import { peakAudioLevel, tileVideo, waitForDecodingVideo } from './probes';
import { openChat, originFileDigest, saveToOriginFileSystem } from './room-pages';

const ROOM = 'lan-https';
const ACCESS_CODE = 'orange-42';
const files = new TestFiles();
let lan: Lan;
let server: LanServer;
let dataDir: string;
let certificate: X509Certificate;
const browsers = new Map<string, Promise<Browser>>();
const logs: string[] = [];

beforeAll(async () => {
  lan = createLan(['server', 'ada', 'bob']);
  dataDir = await mkdtemp(join(tmpdir(), 'nearcast-lan-https-'));
  server = await lan.startServer('server', ['--tls', '--data-dir', dataDir, '--access-code', ACCESS_CODE]);
  certificate = new X509Certificate(await readFile(join(dataDir, 'tls-cert.pem'), 'utf8'));
});

afterAll(async () => {
  await Promise.allSettled([...browsers.values()].map(async (browser) => (await browser).close()));
  await lan?.dispose();
  files.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** The SHA-256 of the certificate's public key, base64: what Chromium's SPKI allowlist takes. */
function spkiHash(cert: X509Certificate): string {
  return createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

/** The Chromium of `machine`, which accepts the server's certificate and no other. */
function browserOn(machine: string): Promise<Browser> {
  let browser = browsers.get(machine);
  if (!browser) {
    browser = chromium.launch({
      executablePath: lan.machine(machine).chromium,
      args: [...LAN_CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spkiHash(certificate)}`],
    });
    browsers.set(machine, browser);
  }
  return browser;
}

/** `name`'s page on `machine`, in a browser context (a profile) of its own. */
async function personOn(machine: string, name: string, url: string): Promise<Page> {
  const browser = await browserOn(machine);
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => localStorage.setItem('nearcastDebug', '1'));
  await context.addInitScript(saveToOriginFileSystem);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') logs.push(`[${name}] ${message.text()}`);
  });
  page.on('pageerror', (error) => logs.push(`[${name}] page error: ${error.message}`));
  await page.goto(url);
  return page;
}

describe('two guests on other machines, over https', () => {
  let ada: Page;
  let bob: Page;
  let invite: string;

  it('serves the kept certificate at the LAN address, to a secure page', async () => {
    const lanUrl = new URL(server.lanUrl);
    expect(lanUrl.protocol).toBe('https:');
    expect(lanUrl.hostname).toBe(lan.machine('server').address);

    ada = await personOn('ada', 'Ada', joinLink(server.lanUrl, ROOM, 'Ada'));
    expect(await ada.evaluate(() => window.isSecureContext)).toBe(true);
    const info = await ada.evaluate(async () => (await fetch('/tls.json')).json());
    expect(info).toEqual({ fingerprint256: certificate.fingerprint256 });
  });

  it('takes Ada to the room of her link once she gives the access code', async () => {
    await ada.locator('#access-code').fill(ACCESS_CODE);
    await ada.locator('form.code').getByRole('button', { name: 'Connect' }).click();
    await ada.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
  });

  it("gives an invite link on the server's LAN address, carrying the code when Ada adds it", async () => {
    await ada.getByLabel('Include the access code').check();
    invite = await ada.locator('#invite-link').inputValue();
    expect(invite).toBe(`${server.lanUrl}?room=${ROOM}#code=${ACCESS_CODE}`);
  });

  it('lets Bob in by that link, the code gone from his address bar, and both see and hear each other', async () => {
    const link = new URL(invite);
    link.searchParams.set('name', 'Bob');
    bob = await personOn('bob', 'Bob', link.href);
    await bob.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
    expect(bob.url()).not.toContain(ACCESS_CODE);

    for (const [viewer, other] of [
      [ada, 'Bob'],
      [bob, 'Ada'],
    ] as const) {
      expect((await waitForDecodingVideo(viewer, `Camera of ${other}`)).width).toBeGreaterThan(0);
      expect(await peakAudioLevel(viewer, `Camera of ${other}`)).toBeGreaterThan(0.01);
    }
  });

  it("routes the media between the two machines' LAN addresses", async () => {
    const escape = (address: string) => address.replace(/\./g, '\\.');
    const route = new RegExp(
      `${escape(lan.machine('bob').address)}:\\d+ ⇄ ${escape(lan.machine('ada').address)}:`,
    );
    await bob.getByRole('button', { name: 'Connection details for Ada' }).click();
    await bob.getByRole('region', { name: 'Connection details for Ada' }).getByText(route).waitFor({
      timeout: 15_000,
    });
    await bob.getByRole('button', { name: 'Close connection details' }).click();
  });

  it("shows Bob's shared screen at Ada's", async () => {
    await bob.getByRole('button', { name: 'Share screen' }).click();
    expect((await waitForDecodingVideo(ada, 'Screen shared by Bob')).width).toBeGreaterThan(0);
    await bob.getByRole('button', { name: 'Stop sharing' }).click();
    await ada.locator(tileVideo('Screen shared by Bob')).waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('sends a file from Bob to Ada, saved with a matching SHA-256', async () => {
    const file = files.create('from-bob.bin', 4 * 1024 * 1024);
    await openChat(bob);
    await bob.getByLabel('Send to').selectOption({ label: 'Ada — Not verified' });
    await bob.getByLabel('Files to send').setInputFiles(file.path);
    await openChat(ada);
    const incoming = ada.locator('li[aria-label="Receiving from-bob.bin"]');
    await incoming.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
    await incoming.getByText('Verified (SHA-256)').waitFor({ timeout: 60_000 });
    expect(await originFileDigest(ada, 'from-bob.bin')).toBe(file.sha256);
  });

  it('sends a guest who types http:// on the same port to https://', async () => {
    const plain = new URL(joinLink(server.lanUrl, ROOM));
    plain.protocol = 'http:';
    const page = await bob.context().newPage();
    await page.goto(plain.href);
    expect(page.url()).toBe(joinLink(server.lanUrl, ROOM));
    await page.close();
    expect(logs.filter((line) => line.includes('page error'))).toEqual([]);
  });
});

describe('the same server restarted with --plain-http: http for view-only guests, https for senders', () => {
  let both: LanServer;
  let ada: Page;
  let gus: Page;

  beforeAll(async () => {
    expect(await server.process.stop()).toBe(0);
    both = await lan.startServer('server', ['--tls', '--plain-http', '--data-dir', dataDir]);
  });

  it('keeps the certificate of the first run: the same fingerprint at /tls.json', async () => {
    ada = await personOn('ada', 'Ada', joinLink(both.lanUrl, 'both', 'Ada'));
    await ada.getByRole('heading', { name: 'both' }).waitFor({ timeout: 20_000 });
    const info = await ada.evaluate(async () => (await fetch('/tls.json')).json());
    expect(info).toEqual({ fingerprint256: certificate.fingerprint256 });
  });

  it('lets a guest in over http on the same port, into the same room, seeing and hearing the sender', async () => {
    const plain = new URL(joinLink(both.lanUrl, 'both', 'Gus'));
    plain.protocol = 'http:';
    gus = await personOn('bob', 'Gus', plain.href);
    expect(gus.url()).toBe(plain.href);
    expect(await gus.evaluate(() => window.isSecureContext)).toBe(false);
    await gus.getByRole('heading', { name: 'both' }).waitFor({ timeout: 20_000 });
    expect((await waitForDecodingVideo(gus, 'Camera of Ada')).width).toBeGreaterThan(0);
    expect(await peakAudioLevel(gus, 'Camera of Ada')).toBeGreaterThan(0.01);
    await ada.locator('figure[aria-label="Camera of Gus"]').waitFor({ timeout: 20_000 });
    expect(logs.filter((line) => line.includes('page error'))).toEqual([]);
  });

  it('tells the http guest where to send from: this room at the https address', async () => {
    const secureRoom = `${new URL(both.lanUrl).origin}/?room=both`;
    const link = gus.getByRole('link', { name: secureRoom });
    await link.waitFor({ timeout: 20_000 });
    expect(await link.getAttribute('href')).toBe(secureRoom);
  });
});
