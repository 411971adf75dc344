import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer build, shared by electron-vite (desktop) and `npm run build:web` (the web client the
 * signaling server serves to LAN guests). Both produce the same files in out/renderer.
 */
export const rendererConfig = {
  root: here,
  base: './',
  plugins: [vue()],
  // vue-i18n's compile-time flags: Composition API only (no legacy API in the bundle), no devtools hooks
  // in production, and the JIT message compiler (no `new Function`, so the CSP holds).
  define: {
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
  },
  build: {
    outDir: resolve(here, '../out/renderer'),
    emptyOutDir: true,
    // The app, and the desktop overlay over a shared display (electron/main/annotations/).
    rollupOptions: { input: { index: resolve(here, 'index.html'), overlay: resolve(here, 'overlay.html') } },
  },
};

export default defineConfig(rendererConfig);
