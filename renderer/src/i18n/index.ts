/**
 * The interface's language. vue-i18n in Composition API mode; messages are compiled by its JIT
 * compiler into an AST and interpreted, never turned into code with `new Function`, so the app's CSP
 * (`script-src 'self'`, no 'unsafe-eval') holds. The locale is the user's choice if they made one in
 * LanguagePicker (remembered by the settings store), else the first supported language of
 * `navigator.languages`, else English.
 */
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en';
import { fr } from './fr';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, as a language menu shows it whatever the current language. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', fr: 'Français' };

export const messages: Readonly<Record<Locale, MessageSchema>> = { en, fr };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The saved choice, else the first of the user's languages we have ("fr-CA" counts as "fr"), else English. */
export function pickLocale(
  preferred: readonly string[] = navigator.languages,
  saved: string | null = null,
): Locale {
  if (isLocale(saved)) return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** French counts 0 and 1 as singular ("0 message non lu"), unlike vue-i18n's default rule. */
function frenchPlural(choice: number, choicesLength: number): number {
  if (choicesLength < 2) return 0;
  return Math.abs(choice) < 2 ? 0 : 1;
}

/** Plain integers for figures tests and people compare with units beside them ("6000 kbps"). */
const numberFormats = {
  integer: { maximumFractionDigits: 0, useGrouping: false },
  decimal: { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false },
} as const;

const datetimeFormats = {
  time: { hour: '2-digit', minute: '2-digit' },
} as const;

export function createAppI18n(locale: Locale = pickLocale()) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    pluralRules: { fr: frenchPlural },
    numberFormats: { en: numberFormats, fr: numberFormats },
    datetimeFormats: { en: datetimeFormats, fr: datetimeFormats },
  });
}

/** Keeps `<html lang>` right for screen readers and hyphenation. */
export function applyDocumentLocale(locale: string): void {
  document.documentElement.lang = locale;
}

declare module 'vue-i18n' {
  // Types every `t('…')` key against the English schema. An interface, because that is how vue-i18n
  // lets an app declare its schema (declaration merging), hence empty.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}
