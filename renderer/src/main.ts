import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
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
createApp(App).use(createPinia()).mount('#app');
