import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { viteWsFragments } from './patches/ws-fragments.mjs';
import { rendererConfig } from './renderer/vite.config';

export default defineConfig({
  main: {
    // The embedded signaling server gets the same `ws` as the standalone one: socket.io is a dev
    // dependency, so it is bundled here (packages in `dependencies` stay imports from node_modules),
    // and ws's receiver is fixed on the way (patches/README.md).
    plugins: [viteWsFragments()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The forwarding unit's worker is its own entry, out/main/unit-worker.js, which the embedded
        // server starts beside the bundle when the desktop app hosts a forwarded room.
        input: {
          index: resolve('electron/main/index.ts'),
          'unit-worker': resolve('server/src/unit/worker.ts'),
        },
        // ws's optional native add-ons, loaded in a try/catch only if installed.
        external: ['bufferutil', 'utf-8-validate'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require sibling chunks: emit a single CommonJS file.
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig,
});
