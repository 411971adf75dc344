import { config } from '@vue/test-utils';
import type { Plugin } from 'vue';
import { withLocale } from './i18n';

// Components call useI18n(): every mount gets a fresh English i18n (so a test that switches language
// cannot leak into the next) unless the test installs another, which wins.
const english: Plugin = { install: (app) => app.use(withLocale('en')) };
config.global.plugins = [...config.global.plugins, english];
