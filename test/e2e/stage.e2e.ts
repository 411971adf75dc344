/**
 * The call's stage in real Chromium, measured as a person sees it: in a 1:1 call at 1280x800 the
 * other person fills the stage, not a stamp in its corner; our own video sits small in a corner,
 * over nobody, and moves from the keyboard or by dragging; the speaker view shows one person large
 * and the others in a strip; in a four-person call with a share, the screen takes the stage beside
 * the cameras with no tile over another, while the sharer sees their own screen only as a small
 * preview. axe stays clean on each.
 * (Small windows and phones with a share: phone.e2e.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expectNoAxeViolations } from './axe';
import { waitForDecodingVideo } from './probes';
import { measureRoom, overlaps, type Box, type LabelledBox, type RoomGeometry } from './room-geometry';

const VIEWPORT = { width: 1280, height: 800 };
/** Layout settles after a measurement and a render: polls wait for it, however loaded the machine. */
const POLL = { timeout: 15_000 };
let server: ServerProcess;
let browser: Browser;
const logs: string[] = [];

async function openAs(name: string, room: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (error) => logs.push(`[${name}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') logs.push(`[${name}] ${message.text()}`);
  });
  await page.goto(`${server.url}?room=${room}&name=${name}`);
  await page.getByRole('heading', { name: room }).waitFor({ timeout: 20_000 });
  return page;
}

/** The space between the room's header and its control bar, across the window: the stage's room. */
function stageSpace(room: RoomGeometry): Box {
  const header = room.bars.find((bar) => bar.label === 'header')!;
  const controls = room.bars.find((bar) => bar.label === 'nav')!;
  const top = header.y + header.h;
  return { x: 0, y: top, w: room.width, h: controls.y - top };
}

const area = (box: Box) => box.w * box.h;
const tile = (room: RoomGeometry, label: string): LabelledBox => {
  const found = room.tiles.find((t) => t.label === label);
  if (!found) throw new Error(`no tile "${label}" among ${room.tiles.map((t) => t.label).join(', ')}`);
  return found;
};

function expectNoOverlap(tiles: LabelledBox[]): void {
  for (const [i, a] of tiles.entries()) {
    for (const b of tiles.slice(i + 1)) expect(overlaps(a, b), `${a.label} over ${b.label}`).toBe(false);
  }
}

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a 1:1 call at 1280x800', () => {
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    ada = await openAs('Ada', 'stage-one');
    bob = await openAs('Bob', 'stage-one');
    await waitForDecodingVideo(ada, 'Camera of Bob');
  });

  afterAll(async () => {
    await bob?.context().close();
    await ada?.context().close();
  });

  it('gives the other person at least half the stage, and our own video a small corner', async () => {
    // The tiles are sized once the stage has been measured (a ResizeObserver): wait for that.
    await expect
      .poll(async () => {
        const room = await measureRoom(ada, 'Camera of Bob');
        return area(tile(room, 'Camera of Bob')) / area(stageSpace(room));
      }, POLL)
      .toBeGreaterThanOrEqual(0.5);
    const room = await measureRoom(ada, 'Camera of Bob');
    const self = tile(room, 'Your camera (Ada)');
    expect(self.w).toBeLessThanOrEqual(0.2 * room.width);
    expect(self.x + self.w / 2).toBeGreaterThan(room.width / 2);
    expect(self.y + self.h / 2).toBeGreaterThan(room.height / 2);
    // It hides nothing of the other person: their tile keeps clear of its corner.
    expectNoOverlap(room.tiles);
    for (const colorScheme of ['light', 'dark'] as const) {
      await ada.emulateMedia({ colorScheme });
      await expectNoAxeViolations(ada, `1:1 call, grid, ${colorScheme}`);
    }
  });

  it('moves our own video to another corner from the keyboard', async () => {
    const move = ada.getByRole('button', { name: 'Move your video to another corner' });
    await move.focus();
    await ada.keyboard.press('Enter');
    await expect
      .poll(async () => {
        const self = tile(await measureRoom(ada, 'Camera of Bob'), 'Your camera (Ada)');
        return self.x + self.w / 2 < VIEWPORT.width / 2;
      }, POLL)
      .toBe(true);
    const room = await measureRoom(ada, 'Camera of Bob');
    const self = tile(room, 'Your camera (Ada)');
    expect(self.y + self.h / 2).toBeGreaterThan(VIEWPORT.height / 2);
    expectNoOverlap(room.tiles);
  });

  it('moves our own video by dragging it, into the corner nearest to where it is let go', async () => {
    const before = tile(await measureRoom(ada, 'Camera of Bob'), 'Your camera (Ada)');
    await ada.mouse.move(before.x + before.w / 2, before.y + before.h / 2);
    await ada.mouse.down();
    await ada.mouse.move(VIEWPORT.width - 100, 250, { steps: 8 });
    await ada.mouse.up();
    await expect
      .poll(async () => {
        const self = tile(await measureRoom(ada, 'Camera of Bob'), 'Your camera (Ada)');
        return self.x + self.w / 2 > VIEWPORT.width / 2 && self.y + self.h / 2 < VIEWPORT.height / 2;
      }, POLL)
      .toBe(true);
    expectNoOverlap((await measureRoom(ada, 'Camera of Bob')).tiles);
  });
});

describe('four people and a share at 1280x800', () => {
  let ada: Page;
  let bob: Page;
  const others: Page[] = [];

  beforeAll(async () => {
    ada = await openAs('Ada', 'stage-four');
    bob = await openAs('Bob', 'stage-four');
    others.push(await openAs('Cy', 'stage-four'), await openAs('Di', 'stage-four'));
    try {
      for (const name of ['Ada', 'Cy', 'Di']) await waitForDecodingVideo(bob, `Camera of ${name}`);
    } catch (error) {
      // No test runs after a failed set-up, so its afterEach never prints the pages' logs.
      process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
      throw error;
    }
  });

  afterAll(async () => {
    for (const page of [...others, bob, ada]) await page?.context().close();
  });

  it('the speaker view shows one person large and the others in a strip; the grid comes back', async () => {
    const toggle = bob.getByRole('button', { name: 'Speaker view' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const stage = bob.getByRole('region', { name: 'Participants', exact: true });
    const strip = bob.getByRole('region', { name: 'Other participants' });
    await expect.poll(() => stage.locator('figure').count(), POLL).toBe(1);
    expect(await strip.locator('figure').count()).toBe(3);
    await expect
      .poll(async () => {
        const large = await stage.locator('figure').boundingBox();
        return large ? large.width / VIEWPORT.width : 0;
      }, POLL)
      .toBeGreaterThanOrEqual(0.6);
    expectNoOverlap((await measureRoom(bob, 'Camera of Ada')).tiles);
    await expectNoAxeViolations(bob, 'speaker view');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => stage.locator('figure').count(), POLL).toBe(3);
  });

  it('puts the shared screen first and large, beside the cameras, with no tile over another', async () => {
    await ada.getByRole('button', { name: 'Share screen' }).click();
    await ada.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 20_000 });
    await waitForDecodingVideo(bob, 'Screen shared by Ada');
    await expect
      .poll(async () => (await measureRoom(bob, 'Screen shared by Ada')).picture.w / VIEWPORT.width, POLL)
      .toBeGreaterThanOrEqual(0.6);
    const room = await measureRoom(bob, 'Screen shared by Ada');
    expect(room.tiles.map((t) => t.label).sort()).toEqual([
      'Camera of Ada',
      'Camera of Cy',
      'Camera of Di',
      'Screen shared by Ada',
      'Your camera (Bob)',
    ]);
    expectNoOverlap(room.tiles);
    // Every tile in full view: none cut off at the bottom of the strip or hidden under a bar.
    for (const each of room.tiles) {
      expect(each.y + each.h, `${each.label} cut off`).toBeLessThanOrEqual(room.height);
      for (const bar of room.bars)
        expect(overlaps(each, bar), `${each.label} under ${bar.label}`).toBe(false);
    }
    expect(room.scrollWidth).toBeLessThanOrEqual(room.width);
    for (const colorScheme of ['light', 'dark'] as const) {
      await bob.emulateMedia({ colorScheme });
      await expectNoAxeViolations(bob, `four people with a share, ${colorScheme}`);
    }
  });

  it('shows the sharer their own screen as a small preview, the others large', async () => {
    const room = await measureRoom(ada, 'Camera of Bob');
    const own = tile(room, 'Your shared screen');
    expect(own.w).toBeLessThanOrEqual(0.2 * room.width);
    for (const name of ['Bob', 'Cy', 'Di'])
      expect(area(tile(room, `Camera of ${name}`))).toBeGreaterThan(2 * area(own));
    expectNoOverlap(room.tiles);
    await expectNoAxeViolations(ada, 'the sharer');
  });
});
