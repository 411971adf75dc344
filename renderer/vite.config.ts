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
  build: {
    outDir: resolve(here, '../out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(here, 'index.html') },
  },
};

export default defineConfig(rendererConfig);
