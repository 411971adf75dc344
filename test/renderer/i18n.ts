/**
 * vue-i18n for component tests. The renderer project's setup file installs English in every mount
 * (`config.global.plugins`), so tests find elements by the same English names the app shows; pass
 * `withLocale('fr')` in a mount's `global.plugins` to render another language (the last install wins).
 */
import type { Plugin } from 'vue';
import { createAppI18n, type Locale } from '../../renderer/src/i18n';
import { problemText, type Problem } from '../../renderer/src/i18n/problem';

export function withLocale(locale: Locale = 'en'): Plugin {
  return createAppI18n(locale);
}

/** A store's or the engine's problem as the UI words it in `locale`, for tests of stores and rtc/. */
export function inWords(problem: Problem | null, locale: Locale = 'en'): string | null {
  if (problem === null) return null;
  const { global } = createAppI18n(locale);
  return problemText(problem, global.t as (key: string, named?: Record<string, unknown>) => string, locale);
}
