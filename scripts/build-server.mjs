#!/usr/bin/env node
/**
 * `npm run build:server`: the standalone signaling server as one self-contained bundle in out/server/,
 * with every npm package inlined, so a LAN box needs Node alone: copy out/server (and out/renderer, the
 * web client it serves) and run `node out/server/cli.js`, no `npm install`, no node_modules. `ws` is
 * bundled with Nearcast's fix to its receiver (patches/ws-fragments.mjs); the build fails if the fix
 * cannot be applied. Dynamic imports (TLS, Redis) stay separate chunks, loaded only when those options
 * are used.
 *
 * `node scripts/build-server.mjs --outdir DIR ENTRY...` builds other entries the same way: the
 * signaling benchmark builds its baseline servers with it, so every server there runs as JavaScript.
 * With `--published-ws`, `ws` is taken from `ws-published` (ws as published on npm, installed under
 * that alias) and not fixed: the benchmark's baselines then run on the `ws` their users get.
 */
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { esbuildWsFragments } from '../patches/ws-fragments.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * Native add-ons that packages load only if installed, each inside a try/catch: `ws`'s faster masking
 * and UTF-8 validation. Left as imports, they are simply absent on a LAN box, as on most installs.
 */
export const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate'];

const { values, positionals } = parseArgs({
  options: {
    outdir: { type: 'string', default: 'out/server' },
    'published-ws': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const entries = positionals.length ? positionals : ['server/src/cli.ts'];
const outdir = resolve(ROOT, values.outdir);
const publishedWs = values['published-ws'];

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
  external: OPTIONAL_NATIVE,
  ...(publishedWs ? { alias: { ws: 'ws-published' } } : {}),
  plugins: publishedWs ? [] : [esbuildWsFragments({ required: true })],
  // Bundled CommonJS packages call require() (for Node's own modules, and the optional add-ons above);
  // an ES module has none of its own. The entry's `#!/usr/bin/env node` line stays first.
  banner: {
    js: "import { createRequire as nearcastCreateRequire } from 'node:module'; const require = nearcastCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// The `bin` of package.json: runnable as `nearcast-server` once installed, or as ./cli.js.
if (!positionals.length) chmodSync(resolve(outdir, 'cli.js'), 0o755);
console.log(`built ${entries.join(', ')} into ${values.outdir}`);
