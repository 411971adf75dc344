/**
 * The interface's own words, from its message catalogues, so the screenshots find a control by the
 * name it has in the language being shown ("Caméra de Bob") and follow when a sentence is reworded.
 */
import { en } from '../../renderer/src/i18n/en';
import { fr } from '../../renderer/src/i18n/fr';

export const SHOT_LOCALES = ['en', 'fr'] as const;
export type ShotLocale = (typeof SHOT_LOCALES)[number];

/** The browser language each locale is shown under (navigator.languages picks the interface's). */
export const BROWSER_LOCALE: Readonly<Record<ShotLocale, string>> = { en: 'en-US', fr: 'fr-FR' };

const CATALOGUES: Readonly<Record<ShotLocale, unknown>> = { en, fr };

/** The message `key` ("room.cameraOf") in `locale` with its `{name}` parameters filled in. */
export function words(locale: ShotLocale, key: string, params: Record<string, string> = {}): string {
  const message = key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      CATALOGUES[locale],
    );
  if (typeof message !== 'string') throw new Error(`No message "${key}" in the ${locale} catalogue.`);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
