/**
 * Pointing and drawing on a shared screen in real Chromium: Ada shares, Bob and Cy watch. Bob's
 * pointer, aimed at known points of the picture (corners, centre; with Cy's tile letterboxed in a
 * narrow window, and Bob's tile in full screen), lands on the same points at Cy's and on Ada's own
 * preview, within 2 % of the frame's width, measured from the video's own box and size (not from the
 * layer that draws it). Strokes appear, fade, are undone and cleared; Ada turning annotations off stops
 * them; a flood of pointer messages sent straight into Bob's data channels is cut down by the
 * receivers while the call goes on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ANNOTATION_RATE } from '../../common/peer-protocol';
import { RateBuckets } from '../../renderer/src/rtc/rate-buckets';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitForDecodingVideo } from './probes';

const SCREEN = 'Screen shared by Ada';
const OWN_SCREEN = 'Your shared screen';
/** What a person would wait at most, on a machine other work keeps busy. */
const POLL = { timeout: 30_000 };
let server: ServerProcess;
let browser: Browser;
let ada: Page;
let bob: Page;
let cy: Page;
const logs: string[] = [];

/** Keeps each control channel the page opens, so the test can write to it as a foreign client would. */
function keepControlChannels(): void {
  const channels: RTCDataChannel[] = [];
  (window as unknown as { controlChannels: RTCDataChannel[] }).controlChannels = channels;
  const create = RTCPeerConnection.prototype.createDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (label, options) {
    const channel = create.call(this, label, options);
    if (label === 'control') channels.push(channel);
    return channel;
  };
}

async function openAs(name: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(keepControlChannels);
  const page = await context.newPage();
  page.on('pageerror', (error) => logs.push(`[${name}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') logs.push(`[${name}] ${message.text()}`);
  });
  await page.goto(`${server.url}?room=pointing&name=${name}`);
  await page.getByRole('heading', { name: 'pointing' }).waitFor({ timeout: 20_000 });
  return page;
}

const tile = (page: Page, label: string): Locator => page.getByRole('figure', { name: label, exact: true });

/** The picture's box on the page: the video's box letterboxed to the video's own size (object-fit: contain). */
async function pictureBox(page: Page, label: string) {
  // A locator waits for the video, should its tile be laid out anew right now.
  return page.locator(`figure[aria-label="${label}"] video`).evaluate((video: HTMLVideoElement) => {
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return {
      left: box.left + (box.width - width) / 2,
      top: box.top + (box.height - height) / 2,
      width,
      height,
    };
  });
}

/**
 * Sets a tool button of the tile pressed or not. Clicked again until it reads so: on a loaded machine
 * the stage may lay its tiles out anew under the click.
 */
async function setPressed(page: Page, label: string, name: string, pressed = true): Promise<void> {
  const button = tile(page, label).getByRole('button', { name, exact: true });
  const state = () => button.getAttribute('aria-pressed', { timeout: 5_000 }).catch(() => null);
  await expect
    .poll(async () => {
      if ((await state()) !== String(pressed)) await button.click({ timeout: 5_000 }).catch(() => undefined);
      return state();
    }, POLL)
    .toBe(String(pressed));
}

/** Where the pointer of `name` is drawn on the tile, as a point of the picture (0…1 each way). */
async function pointerAt(page: Page, label: string, name: string): Promise<{ x: number; y: number } | null> {
  const dot = tile(page, label).getByRole('img', { name: `Pointer of ${name}` });
  if ((await dot.count()) === 0) return null;
  const [box, picture] = await Promise.all([dot.boundingBox(), pictureBox(page, label)]);
  if (!box) return null;
  return {
    x: (box.x + box.width / 2 - picture.left) / picture.width,
    y: (box.y + box.height / 2 - picture.top) / picture.height,
  };
}

/** Distance between two points of the picture, as a fraction of its width. */
function offBy(a: { x: number; y: number }, b: { x: number; y: number }, aspect: number): number {
  return Math.hypot(a.x - b.x, (a.y - b.y) / aspect);
}

async function aimAt(page: Page, label: string, x: number, y: number): Promise<void> {
  const picture = await pictureBox(page, label);
  await page.mouse.move(picture.left + x * picture.width, picture.top + y * picture.height, { steps: 2 });
}

/** Waits until Bob's pointer shows at (x, y) of the picture within 2 % of its width, on each page. */
async function expectPointerAt(x: number, y: number): Promise<void> {
  for (const [page, label] of [
    [cy, SCREEN],
    [ada, OWN_SCREEN],
  ] as const) {
    const { width, height } = await pictureBox(page, label);
    await expect
      .poll(async () => {
        const at = await pointerAt(page, label, 'Bob');
        return at ? offBy(at, { x, y }, width / height) : Infinity;
      }, POLL)
      .toBeLessThanOrEqual(0.02);
  }
}

/** Writes raw control messages into every open control channel of the page, in order. */
async function sendRaw(page: Page, messages: unknown[]): Promise<void> {
  await page.evaluate((list) => {
    const channels = (window as unknown as { controlChannels: RTCDataChannel[] }).controlChannels;
    for (const channel of channels.filter((c) => c.readyState === 'open')) {
      for (const message of list) channel.send(JSON.stringify(message));
    }
  }, messages);
}

async function shareIdAt(page: Page, label: string): Promise<string> {
  return page.evaluate(
    (selector) => (document.querySelector<HTMLVideoElement>(selector)!.srcObject as MediaStream).id,
    `figure[aria-label="${label}"] video`,
  );
}

let barriers = 0;
/** A chat from Bob after what he sent before: once Cy has it, Cy has handled all of that (ordered channel). */
async function barrier(timeout = POLL.timeout): Promise<void> {
  barriers += 1;
  const id = `barrier-${String(barriers).padStart(4, '0')}-0000`;
  await sendRaw(bob, [{ t: 'chat', id, text: `barrier ${barriers}`, sentAt: Date.now() }]);
  await cy.getByRole('button', { name: new RegExp(`Chat \\(${barriers} unread\\)`) }).waitFor({ timeout });
}

/**
 * Records the kind of every stroke the page draws on the tile, so one that fades is seen however
 * late the test looks.
 */
async function recordStrokes(page: Page, label: string): Promise<void> {
  await page.evaluate((selector) => {
    const seen = new Set<string>();
    (window as unknown as { strokesSeen: Set<string> }).strokesSeen = seen;
    // The whole page: a tile laid out anew (a reconnect, the layout settling) is a new element.
    new MutationObserver(() => {
      document.querySelectorAll(`${selector} [data-stroke]`).forEach((node) => {
        seen.add(node.getAttribute('data-stroke') ?? '');
      });
    }).observe(document.body, { subtree: true, childList: true });
  }, `figure[aria-label="${label}"]`);
}

async function strokesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { strokesSeen: Set<string> }).strokesSeen]);
}

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  ada = await openAs('Ada', { width: 1280, height: 800 });
  bob = await openAs('Bob', { width: 1280, height: 800 });
  // A narrow window: Cy's screen tile is small and its picture letterboxed differently from Bob's.
  cy = await openAs('Cy', { width: 700, height: 900 });
  await ada.getByRole('button', { name: 'Share screen' }).click();
  await waitForDecodingVideo(bob, SCREEN);
  await waitForDecodingVideo(cy, SCREEN);
  await waitForDecodingVideo(cy, 'Camera of Bob');
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
});

afterAll(async () => {
  for (const page of [ada, bob, cy]) await page?.context().close();
  await browser?.close();
  await server?.stop();
});

describe('pointing and drawing on a shared screen', () => {
  it(
    "shows Bob's pointer at the same points of the picture at Cy's and on Ada's preview",
    { timeout: 240_000 },
    async () => {
      await setPressed(bob, SCREEN, 'Point');
      for (const [x, y] of [
        [0.5, 0.5],
        [0.01, 0.01],
        [0.99, 0.01],
        [0.01, 0.99],
        [0.99, 0.99],
        [0.3, 0.7],
      ] as const) {
        await aimAt(bob, SCREEN, x, y);
        await expectPointerAt(x, y);
      }
    },
  );

  it('maps the pointer the same from a full-screen tile', { timeout: 240_000 }, async () => {
    await tile(bob, SCREEN).hover();
    await tile(bob, SCREEN).getByRole('button', { name: 'Full screen' }).click();
    await bob.waitForFunction(() => document.fullscreenElement !== null, undefined, POLL);
    // Full screen at 1280x800 letterboxes a 16:9 picture top and bottom.
    const picture = await pictureBox(bob, SCREEN);
    expect(picture.width).toBeGreaterThan(1200);
    for (const [x, y] of [
      [0.02, 0.02],
      [0.98, 0.98],
      [0.25, 0.5],
    ] as const) {
      await aimAt(bob, SCREEN, x, y);
      await expectPointerAt(x, y);
    }
    await bob.evaluate(() => document.exitFullscreen());
    await bob.waitForFunction(() => document.fullscreenElement === null, undefined, POLL);
  });

  it('shows strokes, fades one not kept, undoes and clears kept ones', { timeout: 240_000 }, async () => {
    const bobTile = tile(bob, SCREEN);
    await setPressed(bob, SCREEN, 'Arrow');
    const picture = await pictureBox(bob, SCREEN);
    const drag = async (from: [number, number], to: [number, number]) => {
      await bob.mouse.move(picture.left + from[0] * picture.width, picture.top + from[1] * picture.height);
      await bob.mouse.down();
      await bob.mouse.move(picture.left + to[0] * picture.width, picture.top + to[1] * picture.height, {
        steps: 5,
      });
      await bob.mouse.up();
    };
    const viewers = [
      [cy, SCREEN],
      [ada, OWN_SCREEN],
      [bob, SCREEN],
    ] as const;
    for (const [page, label] of viewers) await recordStrokes(page, label);
    await drag([0.2, 0.2], [0.6, 0.5]);
    const strokesAt = (page: Page, label: string, tool: string) =>
      tile(page, label).locator(`[data-stroke="${tool}"]`);
    for (const [page] of viewers) await expect.poll(() => strokesSeen(page), POLL).toContain('arrow');
    // Not kept: it fades away everywhere.
    for (const [page, label] of [
      [cy, SCREEN],
      [ada, OWN_SCREEN],
    ] as const) {
      await strokesAt(page, label, 'arrow').waitFor({ state: 'detached', ...POLL });
    }

    await setPressed(bob, SCREEN, 'Keep strokes');
    await setPressed(bob, SCREEN, 'Box');
    await drag([0.1, 0.6], [0.3, 0.9]);
    await setPressed(bob, SCREEN, 'Draw');
    await drag([0.5, 0.1], [0.9, 0.4]);
    await strokesAt(cy, SCREEN, 'free').waitFor(POLL);
    await strokesAt(cy, SCREEN, 'box').waitFor(POLL);
    await bobTile.getByRole('button', { name: 'Undo' }).click();
    await strokesAt(cy, SCREEN, 'free').waitFor({ state: 'detached', ...POLL });
    expect(await strokesAt(cy, SCREEN, 'box').count()).toBe(1);

    await tile(ada, OWN_SCREEN).hover();
    await tile(ada, OWN_SCREEN).getByRole('button', { name: 'Clear all' }).click();
    await strokesAt(cy, SCREEN, 'box').waitFor({ state: 'detached', ...POLL });
    await strokesAt(bob, SCREEN, 'box').waitFor({ state: 'detached', ...POLL });
  });

  it('stops pointing and drawing on the share when Ada turns it off', { timeout: 180_000 }, async () => {
    await setPressed(bob, SCREEN, 'Point');
    await aimAt(bob, SCREEN, 0.4, 0.4);
    await expectPointerAt(0.4, 0.4);
    await tile(ada, OWN_SCREEN).hover();
    await setPressed(ada, OWN_SCREEN, 'Let others point and draw', false);
    await tile(bob, SCREEN)
      .getByRole('status')
      .getByText('Ada turned pointing and drawing off')
      .waitFor(POLL);
    expect(await tile(bob, SCREEN).getByRole('button', { name: 'Point', exact: true }).count()).toBe(0);
    await tile(cy, SCREEN)
      .getByRole('img', { name: 'Pointer of Bob' })
      .waitFor({ state: 'detached', ...POLL });

    // Even sent straight into the channel, Bob's pointer and strokes are dropped by Cy and by Ada.
    const share = await shareIdAt(bob, SCREEN);
    await sendRaw(bob, [
      { t: 'pointer', share, x: 0.5, y: 0.5 },
      {
        t: 'stroke',
        share,
        id: 'forbidden-stroke',
        tool: 'box',
        points: [
          [0, 0],
          [1, 1],
        ],
        keep: true,
      },
    ]);
    await barrier();
    expect(await tile(cy, SCREEN).getByRole('img', { name: 'Pointer of Bob' }).count()).toBe(0);
    expect(await tile(cy, SCREEN).locator('[data-stroke]').count()).toBe(0);
    expect(await tile(ada, OWN_SCREEN).getByRole('img', { name: 'Pointer of Bob' }).count()).toBe(0);

    await setPressed(ada, OWN_SCREEN, 'Let others point and draw', true);
    await tile(bob, SCREEN).getByRole('button', { name: 'Point', exact: true }).waitFor(POLL);
  });

  it(
    'drops a flood of pointer messages beyond the rate while the call goes on',
    { timeout: 330_000 },
    async () => {
      const share = await shareIdAt(bob, SCREEN);
      await expect
        .poll(async () => {
          await sendRaw(bob, [{ t: 'pointer', share, x: 0.5, y: 0.5 }]);
          return tile(cy, SCREEN).getByRole('img', { name: 'Pointer of Bob' }).count();
        }, POLL)
        .toBe(1);
      // When each pointer message reaches Cy's page, and every position the page draws Bob's pointer
      // at (each message arrives in a task of its own, and the tile is redrawn after each one taken).
      await cy.evaluate((label) => {
        const page = window as unknown as { arrivals: number[]; drawnPositions: Set<string> };
        page.arrivals = [];
        for (const channel of (window as unknown as { controlChannels: RTCDataChannel[] }).controlChannels) {
          channel.addEventListener('message', ({ data }) => {
            if (typeof data === 'string' && data.includes('"pointer"')) page.arrivals.push(performance.now());
          });
        }
        const drawn = new Set<string>();
        page.drawnPositions = drawn;
        const frame = document.querySelector(`figure[aria-label="${label}"] .frame`)!;
        new MutationObserver((records) => {
          for (const record of records) {
            const element = record.target as HTMLElement;
            if (element.classList.contains('pointer')) drawn.add(element.style.left);
          }
        }).observe(frame, { subtree: true, attributes: true, attributeFilter: ['style'] });
      }, SCREEN);
      const FLOOD = 2_000;
      await sendRaw(
        bob,
        Array.from({ length: FLOOD }, (_, i) => ({ t: 'pointer', share, x: i / FLOOD, y: 0.5 })),
      );
      // Cy has handled the whole flood once the chat behind it shows. How fast the flood crosses is
      // Chromium's: its data channel stalls and recovers under the video beside it (2,000 messages
      // took 5-11 s alone, 10,000 over 200 s in a loaded CI run), so this is a ceiling, and what
      // is checked below holds whatever the pace.
      await barrier(200_000);
      const { arrivals, drawn } = await cy.evaluate(() => {
        const page = window as unknown as { arrivals: number[]; drawnPositions: Set<string> };
        return { arrivals: page.arrivals, drawn: page.drawnPositions.size };
      });
      expect(arrivals).toHaveLength(FLOOD);
      // The most a receiver holding to its rate could have taken of the flood as it arrived: the
      // page's own token bucket, stepped through the arrival times (its arithmetic has unit tests).
      let at = 0;
      const bucket = new RateBuckets(() => at);
      const admissible = arrivals.filter((arrival) => {
        at = arrival;
        return bucket.admit('Bob', ANNOTATION_RATE.pointer);
      }).length;
      // The flood came faster than the rate (it comes in bursts as the channel recovers), so there was
      // something to drop (without the bound Cy draws nearly all 2,000); Cy drew Bob's pointer, but
      // no more often than the rate lets through.
      expect(admissible).toBeLessThan(FLOOD * 0.9);
      expect(drawn).toBeGreaterThan(0);
      expect(drawn).toBeLessThanOrEqual(admissible + 3);
      // The call is unharmed: the screen and Bob's camera keep playing, a chat still goes through.
      await waitForDecodingVideo(cy, SCREEN);
      await waitForDecodingVideo(ada, 'Camera of Bob');
      await barrier();
    },
  );
});
