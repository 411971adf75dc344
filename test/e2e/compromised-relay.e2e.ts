/**
 * A compromised signaling server cannot pass itself off as a verified contact. Ada and Bob meet once
 * through an honest server, compare their security codes and click "They match — mark as verified",
 * which pins each other's device keys. Then the server puts a man in the middle on their link: it terminates WebRTC itself, so
 * the fingerprints it relays are its own, and it passes the control channel on, either with the real
 * hellos (which no longer check over its links), with hellos its own key signs for Bob's client id, or
 * with the proofs stripped. Each time Ada never sees Bob as Verified ("Identity check failed", or
 * "Key changed" with its alert), nothing of hers (chat, file offers, file bytes) reaches the middle,
 * and the two pages show different security codes in their "Compare security code" dialogs. Real
 * Chromium pages, the real server in process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pino } from 'pino';
import { createSignalingServer, type SignalingServer } from '../../server/src';
import { launchChromium } from '../support/chromium';
import { TestFiles } from '../support/files';
import { WEB_CLIENT_DIR } from '../support/server-process';
import { CompromisedRelay } from './compromised-relay';
import type { HelloLie, ManInTheMiddle } from './man-in-the-middle';
import { readSecurityCode } from './security-code';

interface Person {
  name: string;
  page: Page;
  /** Warnings and errors the page logged, in order. */
  logs: string[];
}

let server: SignalingServer;
let relay: CompromisedRelay;
let url: string;
let browser: Browser;
let ada: Person;
let bob: Person;
const files = new TestFiles();

async function person(name: string): Promise<Person> {
  const context: BrowserContext = await browser.newContext();
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') logs.push(message.text());
  });
  page.on('pageerror', (error) => logs.push(`page error: ${error.message}`));
  return { name, page, logs };
}

/** Opens the room in the person's tab: the same profile (device key, pins), a new connection. */
async function enter({ page, name }: Person, room: string): Promise<void> {
  await page.goto(`${url}?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  await page.getByRole('heading', { name: room }).waitFor({ timeout: 20_000 });
}

async function until(check: () => boolean, what: () => string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!check()) throw new Error(`never happened: ${what()}`);
}

/** What `page` shows as `name`'s standing on their tile ("Verified", "Key changed"…), once shown. */
async function standing(page: Page, name: string, text: string): Promise<void> {
  await page
    .locator(`figure[aria-label="Camera of ${name}"] .trust-badge`)
    .getByText(text, { exact: true })
    .waitFor({ timeout: 30_000 });
}

/** "Compare code" on the contact's tile, then "They match": how a user pins the contact's key. */
async function verify(who: Person, contact: Person): Promise<void> {
  await who.page.getByRole('button', { name: `Compare code with ${contact.name}` }).click();
  const dialog = who.page.getByRole('dialog', { name: `Compare security code with ${contact.name}` });
  await dialog.getByRole('button', { name: 'They match — mark as verified' }).click();
  await standing(who.page, contact.name, 'Verified');
}

/** Shows the chat where it is folded away behind a button (narrow windows). */
async function openChat(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Chat/ });
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click();
}

async function chat(page: Page, text: string): Promise<void> {
  await openChat(page);
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.locator('.messages li').getByText(text).waitFor();
}

beforeAll(async () => {
  server = createSignalingServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: WEB_CLIENT_DIR,
    logger: pino({ level: 'silent' }),
  });
  relay = new CompromisedRelay(server.io);
  ({ url } = await server.listen());
  browser = await launchChromium();
  [ada, bob] = await Promise.all([person('Ada'), person('Bob')]);

  // They meet through the server while it is honest, compare codes, and pin each other's keys.
  await enter(ada, 'first-meeting');
  await enter(bob, 'first-meeting');
  const codes = await Promise.all([readSecurityCode(ada.page, 'Bob'), readSecurityCode(bob.page, 'Ada')]);
  expect(codes[0]).toBe(codes[1]);
  await standing(ada.page, 'Bob', 'Not verified');
  await verify(ada, bob);
  await verify(bob, ada);
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') {
    process.stderr.write(`\n--- Ada ---\n${ada.logs.join('\n')}\n--- Bob ---\n${bob.logs.join('\n')}\n`);
  }
});

afterAll(async () => {
  relay?.close();
  await browser?.close();
  await server?.close();
  files.dispose();
});

describe('pinned contacts through an honest server', () => {
  it('stay trusted: the chat reaches Bob and both pages show the same code', async () => {
    await enter(ada, 'pinned-honest');
    await enter(bob, 'pinned-honest');
    const [adaCode, bobCode] = await Promise.all([
      readSecurityCode(ada.page, 'Bob'),
      readSecurityCode(bob.page, 'Ada'),
    ]);
    expect(adaCode).toBe(bobCode);
    await standing(ada.page, 'Bob', 'Verified');
    await standing(bob.page, 'Ada', 'Verified');
    await chat(ada.page, 'hello Bob, through an honest server');
    await ada.page.getByText('Delivered to Bob').waitFor({ timeout: 15_000 });
    await openChat(bob.page);
    await bob.page.locator('.messages li').getByText('hello Bob, through an honest server').waitFor();
    expect([...ada.logs, ...bob.logs].filter((line) => line.includes('refused a hello'))).toEqual([]);
  });
});

describe('a compromised server in the middle of a pinned link', () => {
  const lies: { lie: HelloLie; says: string }[] = [
    { lie: 'forward', says: 'relays the real hellos' },
    { lie: 'sign-own', says: "signs hellos with its own key for Bob's client id" },
    { lie: 'strip-proof', says: 'strips the proofs from the hellos' },
  ];

  it.each(lies)('$says: nothing of Ada’s reaches it and the codes differ', async ({ lie }) => {
    const room = `relay-${lie}`;
    const secret = `for Bob only (${lie})`;
    const fileName = `for-bob-${lie}.txt`;
    const file = files.create(fileName, 4096);
    const middle: Promise<ManInTheMiddle> = relay.compromise(room, ['Ada', 'Bob'], lie);
    const logged = { ada: ada.logs.length, bob: bob.logs.length };
    await enter(ada, room);
    await enter(bob, room);
    const mitm = await middle;
    await until(
      () => mitm.bothGreeted(),
      () => `both pages greet the middle (${mitm.describe()})`,
    );

    const [adaCode, bobCode] = await Promise.all([
      readSecurityCode(ada.page, 'Bob'),
      readSecurityCode(bob.page, 'Ada'),
    ]);
    expect(adaCode).not.toBe(bobCode);

    if (lie === 'forward') {
      // The real hellos are signed over the real pages' fingerprints, not the middle's: refused.
      for (const [who, from] of [
        [ada, logged.ada],
        [bob, logged.bob],
      ] as const) {
        await until(
          () => who.logs.slice(from).some((line) => line.includes('refused a hello (proof does not check)')),
          () => `${who.name} refuses the relayed hello`,
        );
      }
    }

    // What Ada sees: never "Verified"; a refused link (its hellos do not check) or a held one.
    if (lie === 'forward') await standing(ada.page, 'Bob', 'Identity check failed');
    else {
      await standing(ada.page, 'Bob', 'Key changed');
      await ada.page.getByRole('alert').filter({ hasText: 'is not the Bob you verified' }).waitFor();
    }

    await chat(ada.page, secret);
    const recipients = await ada.page.getByLabel('Send to').locator('option').allTextContents();
    if (lie === 'forward') {
      // A link whose identity check failed is nobody to send to: offered to everyone, it gets nothing.
      expect(recipients.map((text) => text.trim())).toEqual(['Everyone']);
      await ada.page.getByLabel('Send to').selectOption({ label: 'Everyone' });
    } else {
      await ada.page.getByLabel('Send to').selectOption({ label: 'Bob — Key changed' });
    }
    await ada.page.getByLabel('Files to send').setInputFiles([file.path]);
    if (lie === 'forward') await ada.page.getByText('Nobody is here to send files to yet.').waitFor();
    else await ada.page.locator(`li[aria-label="Sending ${fileName}"]`).waitFor();

    if (lie !== 'forward') {
      // Held, not refused: Ada still answers what arrives. Her ack of a later chat comes after anything
      // she would have sent Bob, on the same ordered channel.
      const ping = mitm.sendChat('Ada', 'ping from the middle');
      await until(
        () =>
          mitm.received.some(
            ({ from, message }) => from === 'Ada' && message.t === 'chat-ack' && message.id === ping,
          ),
        () => `Ada acknowledges the middle's chat (${mitm.describe()})`,
      );
    }

    const fromAda = mitm.received.filter(({ from }) => from === 'Ada').map(({ message }) => message);
    expect(fromAda.filter(({ t }) => t === 'chat' || t === 'file-offer')).toEqual([]);
    expect(JSON.stringify(fromAda)).not.toContain(secret);
    expect(JSON.stringify(fromAda)).not.toContain(fileName);
    expect(mitm.dataChannels).toEqual([]);
    expect(await ada.page.getByText('Delivered to Bob').count()).toBe(0);
    expect(await ada.page.locator('.trust-badge').getByText('Verified', { exact: true }).count()).toBe(0);
    mitm.close();
  });
});
