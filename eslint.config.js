import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueI18n from '@intlify/eslint-plugin-vue-i18n';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { LAYER_ZONES, RESTRICTED_PACKAGES } from './scripts/layers.mjs';

/** Browser APIs that exist only in secure contexts, and where the renderer reaches each one. */
const SECURE_CONTEXT_ONLY = [
  ['randomUUID', 'crypto.randomUUID: use randomId() from rtc/random-id.ts'],
  ['subtle', 'crypto.subtle: only behind a check that it exists, as services/device-key.ts does'],
  ['mediaDevices', 'navigator.mediaDevices: only through platform.media (services/platform.ts)'],
  ['clipboard', 'navigator.clipboard: only with a fallback for when it is missing (RoomHeader.vue)'],
  ['showSaveFilePicker', 'showSaveFilePicker: only behind a check that it exists (rtc/transfers/sinks.ts)'],
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // Every word a user reads comes from renderer/src/i18n: raw text in a template fails the lint.
    files: ['renderer/**/*.vue'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    rules: {
      '@intlify/vue-i18n/no-raw-text': [
        'error',
        {
          ignorePattern: '^[-–—·•:,.()/×⇄\\s\\d]*$',
          attributes: { '/.+/': ['title', 'placeholder', 'alt', 'aria-label'] },
        },
      ],
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}', 'test/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // A LAN guest's page on plain http is no secure context: these are missing there, and one touched
    // unguarded at start-up leaves a blank page. Matched by property name, whatever the object is
    // called (`crypto`, `win.crypto`, `globalThis.crypto`); the guarded uses say so where they stand.
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SECURE_CONTEXT_ONLY.map(([property, message]) => ({
          selector: `MemberExpression[property.name='${property}']`,
          message: `${message} (secure contexts only: a LAN guest on http has none)`,
        })),
      ],
    },
  },
  {
    // Scripts and the CLI entry talk to a terminal on purpose.
    files: ['scripts/**/*.mjs', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The layers of docs/ARCHITECTURE.md, enforced: which folder may import which (scripts/layers.mjs),
    // and no import circle anywhere in the product's code.
    files: ['common/**/*.ts', 'server/**/*.ts', 'electron/**/*.ts', 'renderer/src/**/*.{ts,vue}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.vue', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...RESTRICTED_PACKAGES.map(({ files, ignores = [], packages, message, allowTypeImports = false }) => ({
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: packages, message, allowTypeImports }] }],
    },
  })),
  prettier,
);
