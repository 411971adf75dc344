/**
 * Takes the screenshots: starts the built server and Chromium (inside the private network namespace,
 * as the browser tests do), walks each act once per language, and photographs each screen in every
 * size and theme asked for. Waits for states — a still layout, a fresh frame in every visible tile —
 * never for a guessed time. Writes the PNGs, manifest.json (what each shows, where its video is) and
 * index.html.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium';
import { startServerProcess } from '../../test/support/server-process';
import { measureRoom, type Box } from '../../test/e2e/room-geometry';
import { tileVideo } from '../../test/e2e/probes';
import { indexPage } from './index-page';
import { ACTS, SCENES, type SceneId, type View } from './scenes';
import type { ShotLocale } from './words';

export const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
  { width: 390, height: 844 },
] as const;
export type Size = { width: number; height: number };
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface ShotPlan {
  outDir: string;
  scenes: readonly SceneId[];
  sizes: readonly Size[];
  themes: readonly Theme[];
  locales: readonly ShotLocale[];
  /** Progress, one line per screenshot. */
  log(line: string): void;
}

/** Where a tile's video is drawn in a screenshot, and whether it is in view (not under a panel). */
export interface Picture extends Box {
  label: string;
  visible: boolean;
}

export interface Shot {
  file: string;
  scene: SceneId;
  title: string;
  size: Size;
  theme: Theme;
  locale: ShotLocale;
  pictures: Picture[];
}

/** "call-4-share_800x600_dark_fr.png": sorts by screen, then size, theme and language. */
export function shotFile(scene: SceneId, size: Size, theme: Theme, locale: ShotLocale): string {
  return `${scene}_${size.width}x${size.height}_${theme}_${locale}.png`;
}

export async function takeScreenshots(plan: ShotPlan): Promise<Shot[]> {
  mkdirSync(plan.outDir, { recursive: true });
  const wanted = new Set(plan.scenes);
  const total = plan.scenes.length * plan.sizes.length * plan.themes.length * plan.locales.length;
  const shots: Shot[] = [];
  const server = await startServerProcess();
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    for (const locale of plan.locales) {
      const shoot = async (scene: SceneId, view: View) => {
        for (const size of plan.sizes) {
          await view.page.setViewportSize(size);
          for (const theme of plan.themes) {
            await view.page.emulateMedia({ colorScheme: theme });
            await view.ready();
            await settle(view.page, view.videos);
            const file = shotFile(scene, size, theme, locale);
            const pictures = await picturesOf(view.page, view.videos);
            await view.page.screenshot({
              path: join(plan.outDir, file),
              animations: 'disabled',
              caret: 'hide',
            });
            const title = SCENES.find((s) => s.id === scene)!.title;
            shots.push({ file, scene, title, size, theme, locale, pictures });
            plan.log(
              `[${shots.length}/${total}] ${title}, ${size.width}x${size.height}, ${theme}, ${locale}: ${file}`,
            );
          }
        }
      };
      for (const act of ACTS) {
        if (act.scenes.some((scene) => wanted.has(scene)))
          await act.run({ browser, serverUrl: server.url, locale, wanted, shoot });
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  writeFileSync(join(plan.outDir, 'manifest.json'), `${JSON.stringify(shots, null, 2)}\n`);
  writeFileSync(join(plan.outDir, 'index.html'), indexPage(shots));
  return shots;
}

/**
 * Waits until the page is still: fonts loaded, the layout the same for three frames in a row (the
 * stage is measured and laid out after a resize), then a newly decoded frame in every tile in view.
 */
async function settle(page: Page, videos: readonly string[]): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await page.waitForFunction(
    () => {
      const state = window as unknown as { shotLayout?: string; shotStill?: number };
      const boxes = [...document.querySelectorAll('figure, nav, aside, section, header, dialog, [role]')].map(
        (element) => {
          const r = element.getBoundingClientRect();
          return `${r.x},${r.y},${r.width},${r.height}`;
        },
      );
      const layout = `${innerWidth}x${innerHeight};${boxes.join(';')}`;
      state.shotStill = state.shotLayout === layout ? (state.shotStill ?? 0) + 1 : 0;
      state.shotLayout = layout;
      return state.shotStill >= 3;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  for (const label of videos) {
    // Only tiles in view: one scrolled out of a phone's strip or under the chat is neither in the
    // picture nor always decoding (Chromium may pause a video out of view).
    const frames = await page.evaluate((selector) => {
      const video = document.querySelector<HTMLVideoElement>(selector);
      if (!video) return null;
      const box = video.getBoundingClientRect();
      const seen = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      if (seen?.closest('figure') !== video.closest('figure')) return null;
      return video.getVideoPlaybackQuality().totalVideoFrames;
    }, tileVideo(label));
    if (frames === null) continue;
    // The limit only ends the wait for a tile that stopped; a loaded machine may take seconds a frame.
    await page
      .waitForFunction(
        ({ selector, frames }) =>
          (document.querySelector<HTMLVideoElement>(selector)?.getVideoPlaybackQuality().totalVideoFrames ??
            0) > frames,
        { selector: tileVideo(label), frames },
        { polling: 100, timeout: 30_000 },
      )
      .catch(() => {
        throw new Error(`"${label}" decoded no new frame in 30 s.`);
      });
  }
}

/** Each tile's drawn picture, in view only when the tile itself is what shows at its centre. */
async function picturesOf(page: Page, videos: readonly string[]): Promise<Picture[]> {
  const pictures: Picture[] = [];
  for (const label of videos) {
    const { picture } = await measureRoom(page, label);
    const visible = await page.evaluate(
      ({ label, x, y }) => {
        const hit = document.elementFromPoint(x, y);
        return hit?.closest('figure')?.getAttribute('aria-label') === label;
      },
      { label, x: picture.x + picture.w / 2, y: picture.y + picture.h / 2 },
    );
    pictures.push({ label, ...picture, visible: visible && picture.w > 0 });
  }
  return pictures;
}
