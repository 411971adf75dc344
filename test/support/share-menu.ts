/**
 * Chooses in the call's "Share options" menu as a user does (English page): the button, then the
 * item by its group and name. Browser tests and the media benchmark pick presets and codecs this way.
 */
import type { Page } from 'playwright-core';

/** The menu's groups, by their headings. */
export type ShareMenuGroup = 'Share quality' | 'Screen codec';

/** How the presets read in the menu; "auto" also says which mode it is in now. */
const PRESET_NAMES = { auto: /^Auto \(now /, text: /^Text: /, motion: /^Motion: / } as const;

export async function chooseInShareMenu(
  page: Page,
  group: ShareMenuGroup,
  item: string | RegExp,
): Promise<void> {
  await page.getByRole('button', { name: 'Share options' }).click();
  const menu = page.getByRole('menu', { name: 'Share options' });
  await menu
    .getByRole('group', { name: group })
    .getByRole('menuitemradio', { name: item, ...(typeof item === 'string' ? { exact: true } : {}) })
    .click();
  await menu.waitFor({ state: 'detached' });
}

/** Picks a screen-share preset ("auto", "text" or "motion"). */
export async function chooseSharePreset(page: Page, preset: keyof typeof PRESET_NAMES): Promise<void> {
  await chooseInShareMenu(page, 'Share quality', PRESET_NAMES[preset]);
}

/** Picks the screen codec: "auto" or a name as the menu shows it ("H.264", "VP8"). */
export async function chooseShareCodec(page: Page, codec: string): Promise<void> {
  await chooseInShareMenu(page, 'Screen codec', codec === 'auto' ? /^Auto/ : codec);
}
