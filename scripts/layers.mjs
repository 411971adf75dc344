/**
 * The layers of Nearcast, as ESLint enforces them (eslint.config.js). Arrows point down only:
 * renderer, electron and server each build on common/, and never on each other except through the
 * server's public entry (the desktop app embeds the server) and the preload bridge's type (the
 * renderer's platform service). Inside the renderer: components and views render, stores act, the
 * WebRTC engine (rtc/) knows nothing of Vue, Pinia, the bridge or storage. docs/ARCHITECTURE.md
 * draws the same picture; test/lint/layers.test.ts proves each zone refuses what it should.
 */

const rendererOutside = 'renderer/src/{components,views,composables,stores,rtc,i18n}/**';

/**
 * The server's folders from the bottom up: each may import only folders before it (state/ is plain
 * data; routes/ stands on everything below). The entry, the factory, compose.ts and cli/ sit above
 * them all; settings.ts (options and their defaults) is beneath every folder.
 */
const SERVER_FOLDERS = ['state', 'unit', 'transport', 'http', 'replica', 'admission', 'cluster', 'routes'];

const serverFolderZones = SERVER_FOLDERS.map((folder, index) => ({
  target: `server/src/${folder}`,
  from: [
    ...SERVER_FOLDERS.slice(index + 1).map((above) => `server/src/${above}/**`),
    'server/src/cli/**',
    'server/src/{cli,compose,index,signaling-server}.ts',
  ],
  message: `server/src/${folder}/ stands on ${SERVER_FOLDERS.slice(0, index).join(', ') || 'common/ alone'}.`,
}));

/** `import-x/no-restricted-paths` zones: files in `target` may not import from `from`. */
export const LAYER_ZONES = [
  ...serverFolderZones,
  {
    target: 'common',
    from: ['server', 'electron', 'renderer'],
    message: 'common/ holds contracts only: it imports nothing from the processes that use it.',
  },
  {
    target: 'server',
    from: ['electron', 'renderer'],
    message: 'The server runs without Electron and without the renderer.',
  },
  {
    target: 'electron',
    from: 'renderer',
    message: 'The main process and preload talk to the renderer through IPC only.',
  },
  {
    target: 'electron',
    from: 'server',
    except: ['./src/index.ts'],
    message: 'The desktop app embeds the server through its public entry, server/src/index.ts.',
  },
  {
    target: 'electron/preload',
    from: 'electron/main',
    message: 'The preload bridge is built from common/ipc, not from the main process.',
  },
  {
    target: 'electron/main',
    from: 'electron/preload',
    message: 'The main process knows the bridge only through common/ipc.',
  },
  {
    target: 'renderer',
    from: 'server',
    message: 'The renderer talks to the server over Socket.IO, with the contracts of common/.',
  },
  {
    target: 'renderer',
    from: 'electron/main',
    message: 'The renderer reaches the main process only through the preload bridge.',
  },
  {
    target: [rendererOutside, 'renderer/src/*.{ts,vue}', 'renderer/src/services/!(platform).ts'],
    from: 'electron',
    message: 'Only services/platform.ts knows the desktop bridge; stores act through it.',
  },
  {
    target: 'renderer/src/rtc',
    from: [
      'renderer/src/stores',
      'renderer/src/components',
      'renderer/src/views',
      'renderer/src/composables',
      'renderer/src/services',
      'renderer/src/i18n',
    ],
    message: 'The WebRTC engine is plain TypeScript: stores drive it, components render its state.',
  },
  {
    target: 'renderer/src/stores',
    from: ['renderer/src/components', 'renderer/src/views', 'renderer/src/composables'],
    message: 'Stores act; they do not reach into the interface.',
  },
  {
    target: 'renderer/src/services',
    from: [
      'renderer/src/stores',
      'renderer/src/components',
      'renderer/src/views',
      'renderer/src/composables',
    ],
    message: 'Services are the doors to the outside; stores use them, not the other way round.',
  },
  {
    target: ['renderer/src/components', 'renderer/src/views', 'renderer/src/composables'],
    from: ['renderer/src/services/platform.ts', 'renderer/src/services/storage.ts'],
    message: 'Components render and call stores; only stores reach the platform and storage.',
  },
];

/** Packages a layer may not import, as `no-restricted-imports` groups. */
export const RESTRICTED_PACKAGES = [
  {
    files: ['common/**/*.ts'],
    packages: ['node:*', 'electron', 'vue', 'pinia', 'socket.io*'],
    message: 'common/ is imported by every process: no node, Electron, Vue or Socket.IO here.',
  },
  {
    files: ['renderer/src/rtc/**/*.ts'],
    packages: ['vue', 'pinia', 'vue-i18n', 'socket.io-client'],
    message: 'The WebRTC engine is framework-free: stores drive it, components render its state.',
  },
  {
    files: ['server/**/*.ts'],
    packages: ['electron', 'vue', 'pinia'],
    message: 'The server runs without Electron and without the renderer.',
  },
  {
    // Features receive Electron's APIs as parameters, so tests hand them fakes; types are free.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/index.ts'],
    packages: ['electron'],
    allowTypeImports: true,
    message: 'Only the composition root (electron/main/index.ts) imports Electron values.',
  },
];
