/**
 * The screens `npm run screenshots` shows, reached as people reach them: real pages on the built
 * server, Chromium's fake camera in every tile and a real shared screen. One person (Ada, in the
 * language being shown) is photographed; the others act in English. Every step waits for what it
 * needs to see, and a step that never sees it names the screen it was trying to reach.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { NAME_SHIM } from '../../bench/media-page';
import { waitForDecodingVideo } from '../../test/e2e/probes';
import { roomPages } from '../../test/e2e/room-pages';
import { TestFiles } from '../../test/support/files';
import { BROWSER_LOCALE, words, type ShotLocale } from './words';

export const SCENES = [
  { id: 'home', title: 'Home' },
  { id: 'incoming-call', title: 'Incoming call' },
  { id: 'pre-join', title: 'Pre-join' },
  { id: 'call-1to1', title: '1:1 call' },
  { id: 'details', title: 'Connection details' },
  { id: 'call-4-share', title: 'Four people and a shared screen' },
  { id: 'chat-files', title: 'Chat and files open' },
] as const;

export type SceneId = (typeof SCENES)[number]['id'];

/** One screen, ready to photograph. */
export interface View {
  page: Page;
  /** The tiles (by accessible name) that show video: each shows a fresh frame before a shot. */
  videos: string[];
  /** Brings the screen back if it went away by itself (a ring that timed out); runs before each shot. */
  ready(): Promise<void>;
}

export interface ActContext {
  browser: Browser;
  serverUrl: string;
  locale: ShotLocale;
  wanted: ReadonlySet<SceneId>;
  /** Photographs the screen in every size and theme asked for. */
  shoot(scene: SceneId, view: View): Promise<void>;
}

/** A screen that could not be reached: which one, and what never happened. */
export class UnreachableScreen extends Error {
  constructor(scene: SceneId, step: string, cause: unknown) {
    // Playwright's first line says what timed out, its call log what it was waiting for.
    const text = cause instanceof Error ? cause.message : String(cause);
    // eslint-disable-next-line no-control-regex -- the terminal colours in Playwright's messages
    const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
    const waitingFor = lines.find((line) => /waiting for/.test(line))?.trim();
    const why = [lines[0], waitingFor].filter(Boolean).join(', ');
    super(`Cannot reach the "${scene}" screen: ${step} did not happen (${why}).`, { cause });
    this.name = 'UnreachableScreen';
  }
}

async function reach<T>(scene: SceneId, step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new UnreachableScreen(scene, step, error);
  }
}

const ALWAYS_READY = async () => {};

/**
 * Lets functions compiled by tsx run in the page (see NAME_SHIM): now, and in any later document of
 * the page's context.
 */
async function shim(page: Page): Promise<Page> {
  await page.context().addInitScript({ content: NAME_SHIM });
  await page.evaluate(NAME_SHIM);
  return page;
}
/** Only a limit for a step that will not happen: generous, for a loaded machine. */
const WAIT = { timeout: 60_000 };

/** Rooms named in the language shown: the room's name is in the header of every call screenshot. */
const ROOMS: Record<ShotLocale, { prejoin: string; call: string; group: string }> = {
  en: { prejoin: 'design-review', call: 'weekly-sync', group: 'product-demo' },
  fr: { prejoin: 'revue-design', call: 'point-hebdo', group: 'demo-produit' },
};

const CHAT: Record<ShotLocale, { ada: string; chloe: string }> = {
  en: { ada: 'Joining from the lab. Can everyone see Bob’s screen?', chloe: 'Yes! Slides are in Files.' },
  fr: { ada: 'Je suis au labo. Vous voyez l’écran de Bob ?', chloe: 'Oui ! Les diapos sont dans Fichiers.' },
};

/** Home, a call ringing on it, and the pre-join screen of a room: Ada with Bob and Chloé online. */
async function homeAct(ctx: ActContext): Promise<void> {
  const { browser, serverUrl, locale, wanted } = ctx;
  const contexts: BrowserContext[] = [];
  /** Opens Home and saves the name, as on first start; the directory then lists the person. */
  async function arrive(name: string, browserLocale = 'en-US'): Promise<Page> {
    const context = await browser.newContext({ locale: browserLocale });
    contexts.push(context);
    await context.addInitScript({ content: NAME_SHIM });
    const page = await context.newPage();
    await page.goto(serverUrl);
    await page.locator('#display-name').fill(name);
    await page.locator('#display-name').press('Enter');
    return page;
  }
  try {
    const ada = await arrive('Ada', BROWSER_LOCALE[locale]);
    const bob = await arrive('Bob');
    await arrive('Chloé');
    await reach('home', 'Bob and Chloé appearing in Ada’s contacts', async () => {
      for (const name of ['Bob', 'Chloé'])
        await ada.getByRole('button', { name: words(locale, 'contacts.callName', { name }) }).waitFor(WAIT);
    });
    if (wanted.has('home')) await ctx.shoot('home', { page: ada, videos: [], ready: ALWAYS_READY });

    if (wanted.has('incoming-call')) {
      const ring = ada.getByRole('alertdialog', { name: words(locale, 'incoming.title') });
      const call = bob.getByRole('button', { name: 'Call Ada' });
      // A ring ends by itself after 30 s; Bob is back on Home then and rings again.
      const ringing = async () => {
        if (await ring.isVisible()) return;
        await reach('incoming-call', 'Bob’s call ringing on Ada’s screen', async () => {
          await call.click(WAIT);
          await ring.waitFor(WAIT);
        });
      };
      await ringing();
      await ctx.shoot('incoming-call', { page: ada, videos: [], ready: ringing });
      await bob.getByRole('button', { name: 'Cancel call' }).click(WAIT);
      await ring.waitFor({ state: 'detached', ...WAIT });
    }

    if (wanted.has('pre-join')) {
      const preview = words(locale, 'prejoin.preview');
      await reach('pre-join', 'the camera preview before joining', async () => {
        await ada.locator('#room-name').fill(ROOMS[locale].prejoin);
        await ada.locator('#room-name').press('Enter');
        await waitForDecodingVideo(ada, preview);
      });
      await ctx.shoot('pre-join', { page: ada, videos: [preview], ready: ALWAYS_READY });
    }
  } finally {
    for (const context of contexts) await context.close();
  }
}

/** A call of two, then its connection details: Ada and Bob. */
async function callAct(ctx: ActContext): Promise<void> {
  const { browser, serverUrl, locale, wanted } = ctx;
  const pages = roomPages(browser, () => serverUrl);
  const room = ROOMS[locale].call;
  const opened: Page[] = [];
  try {
    const ada = await reach('call-1to1', `Ada joining ${room}`, () =>
      pages.open('Ada', room, undefined, { locale: BROWSER_LOCALE[locale] }).then(shim),
    );
    opened.push(ada);
    opened.push(await reach('call-1to1', `Bob joining ${room}`, () => pages.open('Bob', room).then(shim)));
    const videos = [
      words(locale, 'room.cameraOf', { name: 'Bob' }),
      words(locale, 'room.ownCamera', { name: 'Ada' }),
    ];
    for (const label of videos)
      await reach('call-1to1', `"${label}" showing video`, () => waitForDecodingVideo(ada, label));
    await unfocus(ada);
    if (wanted.has('call-1to1')) await ctx.shoot('call-1to1', { page: ada, videos, ready: ALWAYS_READY });

    if (wanted.has('details')) {
      await reach('details', 'the connection details with their figures', async () => {
        await ada
          .getByRole('button', { name: words(locale, 'room.detailsFor', { name: 'Bob' }) })
          .click(WAIT);
        const panel = ada.getByRole('region', { name: words(locale, 'stats.region', { name: 'Bob' }) });
        // The figures come with the first sample; rates need a second one to compare with.
        await panel.locator('dl').nth(1).waitFor(WAIT);
        for (let samples = 0; samples < 2; samples += 1) {
          const before = await panel.innerText();
          await ada.waitForFunction(
            ({ element, before }) => (element as HTMLElement | null)?.innerText !== before,
            { element: await panel.elementHandle(), before },
            WAIT,
          );
        }
      });
      await ctx.shoot('details', { page: ada, videos, ready: ALWAYS_READY });
    }
  } finally {
    for (const page of opened) await page.context().close();
  }
}

/** Four people, Bob sharing his screen; then the chat and files with a file offered to Ada. */
async function groupAct(ctx: ActContext): Promise<void> {
  const { browser, serverUrl, locale, wanted } = ctx;
  const pages = roomPages(browser, () => serverUrl);
  const room = ROOMS[locale].group;
  const files = new TestFiles();
  const opened: Page[] = [];
  const join = async (name: string, options = {}) => {
    const page = await reach('call-4-share', `${name} joining ${room}`, () =>
      pages.open(name, room, undefined, options).then(shim),
    );
    opened.push(page);
    return page;
  };
  try {
    const ada = await join('Ada', { locale: BROWSER_LOCALE[locale] });
    const bob = await join('Bob');
    const chloe = await join('Chloé');
    await join('Dmitri');
    // Ctrl+Shift+E starts sharing, whatever the control bar looks like; the screen is Chromium's own.
    await bob.keyboard.press('Control+Shift+E');
    const videos = [
      words(locale, 'room.screenOf', { name: 'Bob' }),
      ...['Bob', 'Chloé', 'Dmitri'].map((name) => words(locale, 'room.cameraOf', { name })),
      words(locale, 'room.ownCamera', { name: 'Ada' }),
    ];
    for (const label of videos)
      await reach('call-4-share', `"${label}" showing video`, () => waitForDecodingVideo(ada, label, 60_000));
    await unfocus(ada);
    if (wanted.has('call-4-share'))
      await ctx.shoot('call-4-share', { page: ada, videos, ready: ALWAYS_READY });

    if (wanted.has('chat-files')) {
      await reach('chat-files', 'a conversation and a file offered to Ada', async () => {
        await say(ada, CHAT[locale].ada);
        await say(chloe, CHAT[locale].chloe);
        await openSidePanel(bob);
        const file = files.create('roadmap-q3.pdf', 3 * 1024 * 1024);
        await bob.getByLabel('Files to send').setInputFiles(file.path);
        await ada.locator('#side-panel li[data-state="offered"]').waitFor(WAIT);
        await ada.locator('#side-panel .messages li').nth(1).waitFor(WAIT);
      });
      await ctx.shoot('chat-files', { page: ada, videos, ready: ALWAYS_READY });
    }
  } finally {
    for (const page of opened) await page.context().close();
    files.dispose();
  }
}

/**
 * Entering a room puts the focus on its controls for someone who has used the page, as a test page
 * has: the call screenshots show them as someone who clicked would see them, with no focus ring.
 */
async function unfocus(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Opens the chat and files with its shortcut (Ctrl+Alt+C), in any language and any control bar. */
async function openSidePanel(page: Page): Promise<void> {
  if (await page.locator('#side-panel').isVisible()) return;
  await page.keyboard.press('Control+Alt+C');
  await page.locator('#side-panel').waitFor(WAIT);
}

async function say(page: Page, text: string): Promise<void> {
  await openSidePanel(page);
  await page.locator('#chat-input').fill(text);
  await page.locator('#chat-input').press('Enter');
  await page.locator('#side-panel .messages li.mine').filter({ hasText: text }).waitFor(WAIT);
}

/** The acts in order, each with the screens it reaches. */
export const ACTS: { scenes: SceneId[]; run(ctx: ActContext): Promise<void> }[] = [
  { scenes: ['home', 'incoming-call', 'pre-join'], run: homeAct },
  { scenes: ['call-1to1', 'details'], run: callAct },
  { scenes: ['call-4-share', 'chat-files'], run: groupAct },
];
