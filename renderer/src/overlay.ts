/**
 * The page of the desktop overlay over a shared display (electron/main/annotations/overlay-window.ts):
 * it draws what main hands it, the pointers and strokes on the sharer's own share, across the whole
 * transparent window. It only listens; nothing here calls main.
 */
import { createApp, h, shallowRef } from 'vue';
import type { OverlayState } from '../../common/ipc';
import OverlayView from './components/annotations/OverlayView.vue';
import { createPlatform } from './services/platform';

const state = shallowRef<OverlayState>({ pointers: [], strokes: [] });
createPlatform(window).overlay.onState((next) => (state.value = next));
createApp({ render: () => h(OverlayView, { state: state.value }) }).mount('#overlay');
