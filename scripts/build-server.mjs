#!/usr/bin/env node
/**
 * `npm run build:server`: the standalone signaling server as plain JavaScript in out/server/, so a LAN
 * box runs `node out/server/cli.js` with no TypeScript compiler at start-up and no loader thread beside
 * it. Our own code (server/ and common/) is bundled; npm packages stay imports, and dynamic imports
 * (TLS, Redis) stay separate chunks, loaded only when those options are used.
 *
 * `node scripts/build-server.mjs --outdir DIR ENTRY...` builds other entries the same way: the
 * signaling benchmark builds its baseline servers with it, so every server there runs as JavaScript.
 * With `--published-ws` npm packages are bundled too and `ws` is taken from `ws-published` (ws as
 * published on npm, installed under that alias): the benchmark's baselines then run on the `ws` their
 * users get, not on the copy patches/ws+8.23.0.patch changes for Nearcast.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

const { values, positionals } = parseArgs({
  options: {
    outdir: { type: 'string', default: 'out/server' },
    'published-ws': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const entries = positionals.length ? positionals : ['server/src/cli.ts'];
const outdir = resolve(ROOT, values.outdir);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: entries,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  ...(values['published-ws']
    ? {
        alias: { ws: 'ws-published' },
        // ws's optional native helpers, loaded only if installed.
        external: ['bufferutil', 'utf-8-validate'],
        // Bundled CommonJS packages call require(); an ES module has none of its own.
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
      }
    : { packages: 'external' }),
  logLevel: 'warning',
});
console.log(`built ${entries.join(', ')} into ${values.outdir}`);
