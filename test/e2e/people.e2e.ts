/**
 * The People panel between real Chromium pages: a raised hand reaches the host's panel and tile and a
 * later joiner; the host locks the room (a fourth person is refused, a member whose connection dropped comes back), asks someone to unmute (who
 * unmutes by their own click) and removes someone after confirming.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expectNoAxeViolations } from './axe';
import { waitForDecodingVideo } from './probes';
import { roomPages, type RoomPages } from './room-pages';

const ROOM = 'people-room';
/** Generous: each wait ends when its event happens; the ceiling only bounds a machine under load. */
const WAIT = { timeout: 60_000 };
let server: ServerProcess;
let browser: Browser;
let pages: RoomPages;

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
});

async function waitForPeers(page: Page, names: string[]): Promise<void> {
  for (const name of names) await page.locator(`figure[aria-label="Camera of ${name}"]`).waitFor(WAIT);
}

/** The panel's row of one person ("Bob", or "Ada (you)"). */
function row(page: Page, name: string): Locator {
  return page.locator(`#side-panel li[data-person="${name}"]`);
}

/** The names in the panel, top to bottom. */
function listed(page: Page): Promise<string[]> {
  return page
    .locator('#side-panel li[data-person]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-person') ?? ''));
}

async function openPeople(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^People \(\d+\)$/ }).click();
  await page
    .locator('#side-panel')
    .getByRole('heading', { name: /^People/ })
    .waitFor(WAIT);
}

async function hostAction(page: Page, name: string, action: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.locator('#side-panel').getByRole('button', { name: action }).click();
}

describe('the People panel, three people in one room', () => {
  let ada: Page;
  let bob: Page;
  let carol: Page;

  beforeAll(async () => {
    ada = await pages.open('Ada', ROOM);
    bob = await pages.open('Bob', ROOM);
    await waitForPeers(ada, ['Bob']);
    await waitForPeers(bob, ['Ada']);
  });

  afterAll(async () => {
    for (const page of [ada, bob, carol]) await page?.context().close();
  });

  it('a raised hand reaches the host’s panel and tile, and someone who joins later', async () => {
    await bob.getByRole('button', { name: 'Raise hand' }).click();
    await openPeople(ada);
    await row(ada, 'Bob').getByText('Hand raised').waitFor(WAIT);
    expect(await listed(ada)).toEqual(['Bob', 'Ada']);
    await ada.locator('figure[aria-label="Camera of Bob"] [data-hand]').waitFor(WAIT);
    expect(await row(ada, 'Ada').getByText('Host', { exact: true }).count()).toBe(1);
    await ada.getByRole('button', { name: 'Actions for Bob' }).click();
    await expectNoAxeViolations(ada, 'People panel, host menu open');
    await ada.getByRole('button', { name: 'Actions for Bob' }).click();

    carol = await pages.open('Carol', ROOM);
    await waitForPeers(carol, ['Ada', 'Bob']);
    await carol.locator('figure[aria-label="Camera of Bob"] [data-hand]').waitFor(WAIT);
    await openPeople(carol);
    await row(carol, 'Bob').getByText('Hand raised').waitFor(WAIT);
    // Only the host gets the lock and the actions.
    expect(await carol.getByRole('checkbox', { name: 'Lock the room' }).count()).toBe(0);
    expect(await carol.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
  });

  it('the host locks the room: the others are told and a fourth person is refused; unlocking is told too', async () => {
    await ada.getByRole('checkbox', { name: 'Lock the room' }).check();
    await carol.getByText('Locked: nobody else can join.').waitFor(WAIT);
    const context = await browser.newContext();
    const dee = await context.newPage();
    await dee.goto(`${server.url}?room=${ROOM}&name=Dee`, WAIT);
    await dee.getByText('This room is locked').first().waitFor(WAIT);
    expect(await dee.getByRole('heading', { name: ROOM }).count()).toBe(0);
    await context.close();
    // Still locked, Bob's connection to the server drops (the page goes offline; the server keeps no
    // session): his app comes back in with its rejoin pass, and the others see him again.
    await bob.context().setOffline(true);
    await bob.getByText('Connection to the server lost. Reconnecting…').waitFor(WAIT);
    await bob.context().setOffline(false);
    await bob
      .getByText('Connection to the server lost. Reconnecting…')
      .waitFor({ state: 'detached', ...WAIT });
    // One Bob, the new one: the old peer id left the room as the new one came in.
    await expect.poll(() => ada.locator('figure[aria-label="Camera of Bob"]').count(), WAIT).toBe(1);
    expect((await waitForDecodingVideo(ada, 'Camera of Bob')).width).toBeGreaterThan(0);
    expect((await waitForDecodingVideo(bob, 'Camera of Ada')).width).toBeGreaterThan(0);
    expect(await bob.getByRole('heading', { name: ROOM }).count()).toBe(1);
    // Unlocked again, the others are told.
    await ada.getByRole('checkbox', { name: 'Lock the room' }).uncheck();
    await carol.getByText('Locked: nobody else can join.').waitFor({ state: 'detached', ...WAIT });
  });

  it('the host asks Bob to unmute, and only Bob’s own click unmutes him', async () => {
    await bob.getByRole('button', { name: 'Mute', exact: true }).click();
    await row(ada, 'Bob').getByText('Muted').waitFor(WAIT);
    await hostAction(ada, 'Bob', 'Ask to unmute');
    const ask = bob.getByRole('alertdialog', { name: 'Ada asks you to unmute' });
    await ask.waitFor(WAIT);
    await expectNoAxeViolations(bob, 'asked to unmute');
    // Asked, still muted: the control bar still offers to unmute.
    await bob.getByRole('navigation').getByRole('button', { name: 'Unmute', exact: true }).waitFor(WAIT);
    await ask.getByRole('button', { name: 'Unmute' }).click();
    await ask.waitFor({ state: 'detached', ...WAIT });
    await bob.getByRole('button', { name: 'Mute', exact: true }).waitFor(WAIT);
    await row(ada, 'Bob')
      .getByText('Muted')
      .waitFor({ state: 'detached', ...WAIT });
  });

  it('a reaction reaches the others, and screen readers hear who sent which', async () => {
    await bob.getByRole('button', { name: 'Reactions' }).click();
    await expectNoAxeViolations(bob, 'reaction picker open');
    await bob.getByRole('button', { name: 'Send applause' }).click();
    // The announcement stays until the next one (the picture over the tile goes after a few seconds).
    await ada.getByRole('status').filter({ hasText: 'Bob: applause' }).waitFor(WAIT);
    await carol.getByRole('status').filter({ hasText: 'Bob: applause' }).waitFor(WAIT);
  });

  it('the host removes Carol after confirming: she is told, the others no longer list her', async () => {
    await hostAction(ada, 'Carol', 'Remove from the room');
    await ada.getByRole('dialog', { name: 'Remove Carol?' }).getByRole('button', { name: 'Remove' }).click();
    await carol.getByText('The host of the room removed you from it.').waitFor(WAIT);
    await row(ada, 'Carol').waitFor({ state: 'detached', ...WAIT });
    expect(await listed(ada)).toEqual(['Bob', 'Ada']);
    await bob.locator('figure[aria-label="Camera of Carol"]').waitFor({ state: 'detached', ...WAIT });
  });
});
