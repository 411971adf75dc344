import { config } from '@vue/test-utils';
import { beforeEach } from 'vitest';
import type { Plugin } from 'vue';
import { SERVICES } from '../../renderer/src/services';
import { fakeServices } from '../fakes/dom/services';
import { withLocale } from './i18n';

// Components call useI18n(): every mount gets a fresh English i18n (so a test that switches language
// cannot leak into the next) unless the test installs another, which wins.
const english: Plugin = { install: (app) => app.use(withLocale('en')) };
config.global.plugins = [...config.global.plugins, english];

// Stores inject their services: every mount gets fresh browser-like fakes (memory storage, no bridge)
// unless the test provides its own under the same key, which wins.
beforeEach(() => {
  config.global.provide = { ...config.global.provide, [SERVICES]: fakeServices() };
});
