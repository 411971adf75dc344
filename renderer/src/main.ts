import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { applyDocumentLocale, createAppI18n } from './i18n';
import { installServices } from './services';
import { browserPlatform } from './services/platform';
import { createRingtone } from './services/ringtone';
import { createSignalingClient } from './services/signaling-client';
import './style.css';

installServices({
  platform: browserPlatform(),
  connectSignaling: createSignalingClient,
  ringtone: createRingtone(),
});
const i18n = createAppI18n();
applyDocumentLocale(i18n.global.locale.value);
createApp(App).use(createPinia()).use(i18n).mount('#app');
