/**
 * "Host on this computer" as guests meet it, in real Chromium: the app's hosting (its LAN listener with
 * the kept certificate, the access code and the lobby, as the hosting module composes them) in front
 * of the real server serving the built web client. The host's listener is on loopback here (the test
 * runs in a network namespace with nothing else); every connection through it is a guest's, as a LAN
 * connection would be. What this does not cover: the Electron window and IPC (the hosting module's own
 * tests do), and a second machine (lan-https.e2e.ts covers HTTPS across the LAN topology).
 *
 * A guest with no code, or a wrong one, is refused; a guest with the QR link's code waits until the
 * host allows, then joins over HTTPS in a secure context where the camera works; a denied guest is
 * told the host did not let them in.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostingInfo } from '../../common/ipc';
import { createGuestAdmission, type GuestAdmission } from '../../electron/main/hosting/guest-admission';
import { createHosting, lanGatewayOf, type Hosting } from '../../electron/main/hosting/hosting';
import { createSettings } from '../../electron/main/settings';
import { createSignalingServer, type SignalingServer } from '../../server/src/index';
import { launchChromium } from '../support/chromium';
import { WEB_CLIENT_DIR } from '../support/server-process';

const ROOM = 'lobby';
const logger = pino({ level: 'silent' });
let dataDir: string;
let server: SignalingServer;
let admission: GuestAdmission;
let hosting: Hosting;
let info: HostingInfo;
let browser: Browser;

/** The SHA-256 of the certificate's public key, base64: what Chromium's SPKI allowlist takes. */
function spkiHash(pem: string): string {
  return createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'nearcast-hosting-'));
  server = createSignalingServer({ host: '127.0.0.1', port: 0, staticDir: WEB_CLIENT_DIR, logger });
  await server.listen();
  const kept = new Map<string, unknown>();
  admission = createGuestAdmission({
    settings: createSettings({ get: (key) => kept.get(key), set: (key, value) => kept.set(key, value) }),
    certificateDir: dataDir,
    addresses: () => [],
  });
  hosting = createHosting({
    gateway: lanGatewayOf(server),
    listenHost: '127.0.0.1',
    // The listener's address stands for the LAN address a phone would scan.
    interfaces: () => ({ eth0: [{ address: '127.0.0.1', family: 'IPv4', internal: false }] }) as never,
    makeQrCode: () => Promise.resolve(''),
    certificate: () => admission.certificate(),
    admission: () => admission.current(),
    logger,
  });
  server.setGuestGate(admission.gate((connection) => hosting.isGuest(connection)));
  const started = await hosting.start({});
  if (!started.ok) throw new Error(started.error.message);
  info = started.data;
  // Each guest's browser accepts exactly this certificate, as a person does after comparing fingerprints.
  browser = await launchChromium([
    `--ignore-certificate-errors-spki-list=${spkiHash((await admission.certificate()).cert)}`,
  ]);
});

afterAll(async () => {
  await browser?.close();
  await hosting?.dispose();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A guest's page at `url`, in a profile of its own. */
async function guestAt(url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The QR code's link, with the room and the guest's name as an invite link adds them. */
function qrLink(name: string): string {
  const link = new URL(info.joinUrl ?? '');
  link.searchParams.set('room', ROOM);
  link.searchParams.set('name', name);
  return link.href;
}

/** Resolves with the id of the next guest who knocks as `name`. */
function knockOf(name: string): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      const knock = admission.lobby.pending().find((candidate) => candidate.name === name);
      if (!knock) return false;
      off();
      resolve(knock.id);
      return true;
    };
    const off = admission.lobby.onChanged(() => void check());
    check();
  });
}

describe('guests of a host', () => {
  it('serves a QR link over HTTPS that carries the generated access code', () => {
    expect(info.joinUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/#code=[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(info.fingerprint256).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);
  });

  it('refuses a guest with no code, then with a wrong one', async () => {
    const page = await guestAt(`https://127.0.0.1:${info.port}/?room=${ROOM}&name=Eve`);
    await page.getByRole('alert').getByText('This host needs its access code').waitFor();
    await page.locator('#access-code').fill('aaaa-bbbb-cccc');
    await page.locator('form.code').getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('alert').getByText('That access code is not right').waitFor();
    expect(admission.lobby.pending()).toEqual([]);
    await page.context().close();
  });

  it('lets a guest with the QR link wait, then join over HTTPS once the host allows', async () => {
    const knocked = knockOf('Ada');
    const ada = await guestAt(qrLink('Ada'));
    await ada.getByRole('status').getByText('Waiting for the host to let you in…').waitFor();
    admission.lobby.answer(await knocked, true);
    await ada.getByRole('heading', { name: ROOM }).waitFor({ timeout: 20_000 });
    expect(await ada.evaluate(() => [location.protocol, window.isSecureContext])).toEqual(['https:', true]);
    const tracks = await ada.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const kinds = stream.getTracks().map((track) => track.kind);
      stream.getTracks().forEach((track) => track.stop());
      return kinds.sort();
    });
    expect(tracks).toEqual(['audio', 'video']);
    // The code left the address bar at once.
    expect(ada.url()).not.toContain('code=');
    await ada.context().close();
  });

  it('tells a guest the host denied that they were not let in', async () => {
    const knocked = knockOf('Mallory');
    const mallory = await guestAt(qrLink('Mallory'));
    await mallory.getByRole('status').getByText('Waiting for the host to let you in…').waitFor();
    admission.lobby.answer(await knocked, false);
    await mallory.getByRole('alert').getByText('The host did not let you in.').waitFor();
    await expect(mallory.getByRole('heading', { name: ROOM }).count()).resolves.toBe(0);
    await mallory.context().close();
  });
});
