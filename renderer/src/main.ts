import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { installServices } from './services';
import { browserPlatform } from './services/platform';
import { createSignalingClient } from './services/signaling-client';
import './style.css';

installServices({ platform: browserPlatform(), connectSignaling: createSignalingClient });
createApp(App).use(createPinia()).mount('#app');
