/**
 * The composition root of the renderer: the real services (this window's platform, its storage, the
 * signaling client, the ringtone) are assembled here once and provided to every store.
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { applyDocumentLocale, createAppI18n, pickLocale } from './i18n';
import { createLogger, readDebugSwitchFrom } from './log';
import { provideServices } from './services';
import { windowDeviceKey } from './services/device-key';
import { reportErrors } from './services/error-reports';
import { createPlatform } from './services/platform';
import { createRingtone } from './services/ringtone';
import { createSignalingClient } from './services/signaling-client';
import { debugLogging, openStorage } from './services/storage';
import { useSettingsStore } from './stores/settings';
import './style.css';

readDebugSwitchFrom(debugLogging);
const platform = createPlatform(window);
// In the desktop app, page errors go to the log file "Open logs" shows.
if (platform.desktop) reportErrors(window, (report) => void platform.errors.report(report));
const app = createApp(App);
// A component's error would otherwise reach only the console: the logger's error level reports it too.
const log = createLogger('renderer:app');
app.config.errorHandler = (error, _instance, info) => log.error(`uncaught in a component (${info})`, error);
app.use(
  provideServices({
    platform,
    storage: { local: openStorage('local'), session: openStorage('session') },
    connectSignaling: createSignalingClient,
    deviceKey: windowDeviceKey(window),
    ringtone: createRingtone(),
  }),
);
app.use(createPinia());
const i18n = createAppI18n(pickLocale(navigator.languages, useSettingsStore().locale));
applyDocumentLocale(i18n.global.locale.value);
app.use(i18n).mount('#app');
