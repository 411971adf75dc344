import { describe, expect, it } from 'vitest';
import { ISSUE_MESSAGES, type IssueKey, issueSentence } from '../../common/issues';
import { ERROR_CODES, ERROR_MESSAGES } from '../../common/result';
import { createAppI18n, LOCALES, messages, pickLocale } from '../../renderer/src/i18n';
import { withLocale } from './i18n';
import { mount } from '@vue/test-utils';
import TransferItem from '../../renderer/src/components/TransferItem.vue';

type Tree = { [key: string]: string | Tree };

/** Every leaf as [dotted key, message]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

/** The named parameters a message uses, e.g. ["name"] for "Camera of {name}". */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1] ?? ''))].sort();
}

const english = new Map(leaves(messages.en as unknown as Tree));

describe('locales', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has exactly the keys of English, with the same parameters',
    (locale) => {
      const other = new Map(leaves(messages[locale] as unknown as Tree));
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, message] of other) {
        expect(message.trim(), key).not.toBe('');
        expect([key, placeholders(message)]).toEqual([key, placeholders(english.get(key) ?? '')]);
      }
    },
  );

  it.each(LOCALES)('%s: every message compiles and renders without warnings', (locale) => {
    const { global } = createAppI18n(locale);
    const params = { n: 2, name: 'Ada', names: 'Ada, Bob', url: 'u', file: 'f', device: 'd', code: 'c' };
    const figures = { max: 40, min: 4, port: 4780, peak: 1, out: 1, in: 1 };
    for (const [key] of english) {
      const text = global.t(key, { ...params, ...figures, mode: 'm', size: 's', path: 'p' });
      expect(text, key).not.toBe(key);
      expect(text, key).not.toMatch(/[{}]/);
    }
  });

  it('renders every issue key in English exactly as the server words it (common/issues.ts)', () => {
    const { global } = createAppI18n('en');
    const params = { max: 40, min: 4, port: 4780 };
    const keys = leaves(ISSUE_MESSAGES as unknown as Tree).map(([key]) => key as IssueKey);
    expect(keys).toContain('displayName.tooLong');
    for (const key of keys) expect(global.t(`issues.${key}`, params), key).toBe(issueSentence(key, params));
  });

  it('renders every error code in English exactly as the server words it (no message-syntax character)', () => {
    const { global } = createAppI18n('en');
    for (const code of ERROR_CODES) expect(global.t(`errors.${code}`)).toBe(ERROR_MESSAGES[code]);
  });

  it('follows the browser languages, a saved choice first, English otherwise', () => {
    expect(pickLocale(['fr-CA', 'en'], null)).toBe('fr');
    expect(pickLocale(['de-DE', 'fr'], null)).toBe('fr');
    expect(pickLocale(['de-DE', 'es'], null)).toBe('en');
    expect(pickLocale(['fr'], 'en')).toBe('en');
    expect(pickLocale(['en'], 'klingon')).toBe('en');
  });

  it('uses French plural forms', () => {
    const { global } = createAppI18n('fr');
    expect(global.t('controls.chatUnread', { n: 1 }, 1)).toBe('Discussion (1 non lu)');
    expect(global.t('controls.chatUnread', { n: 3 }, 3)).toBe('Discussion (3 non lus)');
  });
});

describe('transfer problems in words', () => {
  const transfer = {
    id: 't1',
    direction: 'out' as const,
    name: 'big.bin',
    size: 5_000_000,
    type: '',
    peerName: 'Bob',
    peerKey: 'peer:b',
    state: 'refused' as const,
    bytes: 0,
    bytesPerSecond: 0,
    secondsLeft: null,
    downloadUrl: null,
    savedTo: null,
    downloadId: null,
  };

  it('says why a transfer stopped, in English and in French, with sizes formatted for the language', () => {
    const refused = {
      ...transfer,
      error: { reason: 'tooLargeHere' as const, size: 5_000_000, limit: 1_500_000 },
    };
    const english = mount(TransferItem, { props: { transfer: refused } });
    expect(english.get('.error').text()).toBe('Refused: 5.0 MB is more than your limit of 1.5 MB.');
    const french = mount(TransferItem, {
      props: { transfer: refused },
      global: { plugins: [withLocale('fr')] },
    });
    expect(french.get('.error').text()).toBe('Refusé : 5,0 Mo dépasse votre limite de 1,5 Mo.');
    const cancelled = { ...transfer, error: { reason: 'cancelledBy' as const, name: 'Bob' } };
    expect(
      mount(TransferItem, { props: { transfer: cancelled } })
        .get('.error')
        .text(),
    ).toBe('Bob cancelled.');
  });
});
