/**
 * The main flows with no mouse, in real Chromium: after a page loads, Kim uses only the keyboard
 * (Tab, Shift+Tab, Enter, Space, Escape and the call shortcuts) to set a name, go through pre-join
 * into a room, turn the microphone and camera off and on, share and stop, open and close the
 * connection details, chat, accept a file, leave through the leave dialog, call someone from Home
 * and answer a call. The focus is always drawn and in view, and lands somewhere sensible each time
 * a dialog or panel closes. axe finds nothing on the screens passed on the way that no other test
 * checks (pre-join, the incoming call, the chat and files with a file offered), light and dark.
 * The others (Lou) use the mouse. (The Home form alone and the details panel's focus trap:
 * a11y.e2e.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { TestFiles } from '../support/files';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expectNoAxeViolations } from './axe';
import { waitForDecodingVideo } from './probes';
import { openChat, originFileDigest, roomPages, saveToOriginFileSystem, type RoomPages } from './room-pages';

let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;
const files = new TestFiles();
const WAIT = { timeout: 30_000 };

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

/** Kim's page on Home, 1280x800; from here on only page.keyboard touches it. */
async function keyboardUser(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(saveToOriginFileSystem);
  const page = await context.newPage();
  page.on('pageerror', (error) => pages.logs.push(`[Kim] page error: ${error.message}`));
  await page.goto(server.url);
  await page.getByLabel('Display name').waitFor();
  return page;
}

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
  await target.waitFor(WAIT);
  for (let presses = 0; presses <= max; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} cannot be reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses`);
}

/**
 * The focused element: drawn with a focus ring (`:focus-visible` with an outline or a shadow) and in
 * view. Returns its name for assertions on where the focus went.
 */
async function visibleFocus(page: Page, after: string): Promise<string> {
  const focus = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const ring =
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return {
      name:
        element.getAttribute('aria-label') || element.textContent?.trim() || element.id || element.tagName,
      drawn: element.matches(':focus-visible') && ring,
      inView:
        box.width > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
    };
  });
  expect(focus, `the focus after ${after} is on no element`).not.toBeNull();
  expect(focus!.drawn, `the focus on "${focus!.name}" after ${after} is drawn`).toBe(true);
  expect(focus!.inView, `the focus on "${focus!.name}" after ${after} is in view`).toBe(true);
  return focus!.name;
}

async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement);
}

/** Entering a call: the focus goes on in the call's controls, not back at the top of the page. */
async function expectFocusInControls(page: Page, after: string): Promise<void> {
  await expect
    .poll(() => page.getByRole('navigation', { name: 'Call controls' }).locator(':focus').count(), WAIT)
    .toBe(1);
  await visibleFocus(page, after);
}

/** Back on Home from a call: the focus is on the room field, to join another one. */
async function expectFocusOnRoomField(page: Page, after: string): Promise<void> {
  await expect.poll(() => hasFocus(page.getByLabel('Room', { exact: true })), WAIT).toBe(true);
  await visibleFocus(page, after);
}

describe('a room from the keyboard alone', () => {
  const ROOM = 'keys-only';
  let kim: Page;
  let lou: Page;
  const controls = () => kim.getByRole('navigation', { name: 'Call controls' });

  beforeAll(async () => {
    kim = await keyboardUser();
  });

  afterAll(async () => {
    await lou?.context().close();
    await kim?.context().close();
  });

  it('sets the name and goes through pre-join into the room, axe clean on pre-join', async () => {
    await tabTo(kim, kim.getByLabel('Display name'));
    await kim.keyboard.type('Kim');
    await kim.keyboard.press('Enter');
    await kim.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(WAIT);
    await tabTo(kim, kim.getByLabel('Room', { exact: true }));
    await kim.keyboard.type(ROOM);
    await kim.keyboard.press('Enter');
    const prejoin = kim.getByRole('region', { name: `Ready to join ${ROOM}?` });
    const join = prejoin.getByRole('button', { name: 'Join now' });
    await expect.poll(() => join.isEnabled(), WAIT).toBe(true);
    // The form Kim was typing in is gone: the focus moves into pre-join, not back to the page's top.
    expect(await visibleFocus(kim, 'pre-join opens')).toBe('Join now');
    for (const colorScheme of ['light', 'dark'] as const) {
      await kim.emulateMedia({ colorScheme });
      await expectNoAxeViolations(kim, `pre-join, ${colorScheme}`);
    }
    await kim.emulateMedia({ colorScheme: 'light' });

    const microphone = prejoin.getByRole('checkbox', { name: 'Microphone on' });
    await tabTo(kim, microphone, { back: true });
    await kim.keyboard.press('Space');
    expect(await microphone.isChecked()).toBe(false);
    await kim.keyboard.press('Space');
    expect(await microphone.isChecked()).toBe(true);
    await tabTo(kim, join);
    await kim.keyboard.press('Enter');
    await kim.getByRole('heading', { name: ROOM }).waitFor(WAIT);
    await expectFocusInControls(kim, 'joining');
    lou = await pages.open('Lou', ROOM);
    await kim.locator('figure[aria-label="Camera of Lou"]').waitFor(WAIT);
  });

  it('turns the microphone and camera off and on, with their buttons and their shortcuts', async () => {
    const mute = controls().getByRole('button', { name: /^Mute\b/ });
    await tabTo(kim, mute);
    await kim.keyboard.press('Space');
    const unmute = controls().getByRole('button', { name: /^Unmute\b/ });
    await unmute.waitFor(WAIT);
    expect(await visibleFocus(kim, 'muting')).toMatch(/^Unmute/);
    await kim.keyboard.press('Control+D');
    await mute.waitFor(WAIT);

    const cameraOff = controls().getByRole('button', { name: /^Camera off\b/ });
    await tabTo(kim, cameraOff);
    await kim.keyboard.press('Enter');
    const cameraOn = controls().getByRole('button', { name: /^Camera on\b/ });
    await expect.poll(() => cameraOn.isEnabled(), WAIT).toBe(true);
    await kim.keyboard.press('Control+E');
    await expect.poll(() => cameraOff.isEnabled(), WAIT).toBe(true);
    await waitForDecodingVideo(lou, 'Camera of Kim');
  });

  it('starts and stops sharing the screen', async () => {
    await tabTo(kim, controls().getByRole('button', { name: /^Share screen\b/ }));
    await kim.keyboard.press('Enter');
    const stop = controls().getByRole('button', { name: /^Stop sharing\b/ });
    await stop.waitFor(WAIT);
    await waitForDecodingVideo(lou, 'Screen shared by Kim');
    await tabTo(kim, stop);
    await kim.keyboard.press('Enter');
    await lou.locator('figure[aria-label="Screen shared by Kim"]').waitFor({ state: 'detached', ...WAIT });
    await visibleFocus(kim, 'stopping the share');
  });

  it('opens the connection details and closes them, the focus back on their button', async () => {
    const details = kim.getByRole('button', { name: 'Connection details for Lou' });
    await tabTo(kim, details, { back: true });
    await kim.keyboard.press('Enter');
    const panel = kim.getByRole('region', { name: 'Connection details for Lou' });
    await panel.waitFor(WAIT);
    expect(await visibleFocus(kim, 'opening the details')).toBe('Close connection details');
    await kim.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', ...WAIT });
    expect(await hasFocus(details)).toBe(true);
    await visibleFocus(kim, 'closing the details');
  });

  it('opens the chat, sends a message and accepts a file, axe clean with a file offered', async () => {
    await tabTo(kim, controls().getByRole('button', { name: /^Chat\b/ }));
    await kim.keyboard.press('Enter');
    const panel = kim.getByRole('complementary');
    await tabTo(kim, panel.getByLabel('Message'), { back: true });
    await kim.keyboard.type('Typed without a mouse');
    await kim.keyboard.press('Enter');
    await openChat(lou);
    await lou.locator('.messages li').filter({ hasText: 'Typed without a mouse' }).waitFor(WAIT);

    const file = files.create('minutes.txt', 64 * 1024);
    await lou.getByLabel('Files to send').setInputFiles(file.path);
    const offer = panel.locator('li[aria-label="Receiving minutes.txt"]');
    const accept = offer.getByRole('button', { name: 'Accept' });
    await accept.waitFor(WAIT);
    for (const colorScheme of ['light', 'dark'] as const) {
      await kim.emulateMedia({ colorScheme });
      await expectNoAxeViolations(kim, `chat and files with a file offered, ${colorScheme}`);
    }
    await kim.emulateMedia({ colorScheme: 'light' });
    await tabTo(kim, accept, { back: true });
    await kim.keyboard.press('Enter');
    await offer.getByText('Verified (SHA-256)').waitFor(WAIT);
    expect(await originFileDigest(kim, 'minutes.txt')).toBe(file.sha256);
  });

  it('leaves through the leave dialog while a file waits: Escape stays, then Leave', async () => {
    // Kim offers a file Lou does not answer: leaving would withdraw it, so Leave asks first.
    const file = files.create('report.txt', 1024);
    await tabTo(kim, kim.getByRole('button', { name: 'Send files…' }), { back: true });
    // The press must reach the file input (its click opens the chooser). Space, as people press
    // buttons: headless Chromium opens no file chooser for a script's input.click() after Enter
    // (Space and a click do), though a desktop Chromium does; and in the full suite it once opened
    // none after Space either (cause not found), so the files then go in through the input the
    // press reached.
    const input = kim.getByLabel('Files to send');
    await input.evaluate((element) =>
      element.addEventListener('click', () => element.setAttribute('data-clicked', ''), { once: true }),
    );
    const chooser = kim.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => null);
    await kim.keyboard.press('Space');
    await expect.poll(() => input.getAttribute('data-clicked'), WAIT).toBe('');
    const opened = await chooser;
    if (opened) await opened.setFiles(file.path);
    else await input.setInputFiles(file.path);
    await kim.locator('li[aria-label="Sending report.txt"]').waitFor(WAIT);

    const leave = controls().getByRole('button', { name: /^Leave\b/ });
    await tabTo(kim, leave);
    await kim.keyboard.press('Enter');
    const dialog = kim.getByRole('dialog', { name: 'Leave the room?' });
    await dialog.waitFor(WAIT);
    await visibleFocus(kim, 'the leave dialog opens');
    await kim.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    expect(await hasFocus(leave)).toBe(true);
    await visibleFocus(kim, 'staying');

    await kim.keyboard.press('Enter');
    await tabTo(kim, dialog.getByRole('button', { name: 'Leave', exact: true }));
    await kim.keyboard.press('Enter');
    await kim.getByRole('heading', { name: 'Rooms' }).waitFor(WAIT);
    await expectFocusOnRoomField(kim, 'leaving');
    await lou.locator('figure[aria-label="Camera of Kim"]').waitFor({ state: 'detached', ...WAIT });
  });
});

describe('calls from the keyboard alone', () => {
  let kim: Page;
  let lou: Page;

  beforeAll(async () => {
    kim = await keyboardUser();
    await tabTo(kim, kim.getByLabel('Display name'));
    await kim.keyboard.type('Kim');
    await kim.keyboard.press('Enter');
    await kim.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(WAIT);
    const context = await browser.newContext();
    lou = await context.newPage();
    await lou.goto(server.url);
    await lou.getByLabel('Display name').fill('Lou');
    await lou.getByRole('button', { name: 'Save' }).click();
  });

  afterAll(async () => {
    await lou?.context().close();
    await kim?.context().close();
  });

  it('calls a contact from Home and hangs up', async () => {
    await tabTo(kim, kim.getByRole('button', { name: 'Call Lou' }));
    await kim.keyboard.press('Enter');
    await kim.getByRole('status').filter({ hasText: 'Ringing Lou…' }).waitFor(WAIT);
    await lou
      .getByRole('alertdialog', { name: 'Incoming call' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await kim.getByRole('heading', { name: 'Call with Lou' }).waitFor(WAIT);
    await waitForDecodingVideo(kim, 'Camera of Lou');
    await tabTo(kim, kim.getByRole('button', { name: /^Leave\b/ }));
    await kim.keyboard.press('Enter');
    await kim.getByRole('heading', { name: 'Rooms' }).waitFor(WAIT);
    await expectFocusOnRoomField(kim, 'hanging up');
  });

  it('answers a call: the focus is on Accept, axe clean, light and dark', async () => {
    await lou.getByRole('heading', { name: 'Rooms' }).waitFor(WAIT);
    await lou.getByRole('button', { name: 'Call Kim' }).click(WAIT);
    const ring = kim.getByRole('alertdialog', { name: 'Incoming call' });
    await ring.waitFor(WAIT);
    await expect.poll(() => hasFocus(ring.getByRole('button', { name: 'Accept' })), WAIT).toBe(true);
    await visibleFocus(kim, 'a call rings');
    for (const colorScheme of ['light', 'dark'] as const) {
      await kim.emulateMedia({ colorScheme });
      await expectNoAxeViolations(kim, `incoming call, ${colorScheme}`);
    }
    await kim.keyboard.press('Enter');
    await kim.getByRole('heading', { name: 'Call with Lou' }).waitFor(WAIT);
    await waitForDecodingVideo(kim, 'Camera of Lou');
    await expectFocusInControls(kim, 'answering');
  });
});
