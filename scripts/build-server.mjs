#!/usr/bin/env node
/**
 * `npm run build:server`: the standalone signaling server as one self-contained bundle in out/server/,
 * with every npm package inlined, so a LAN box needs Node alone: copy out/server (and out/renderer, the
 * web client it serves) and run `node out/server/cli.js`, no `npm install`, no node_modules. `ws` is
 * bundled with Nearcast's fix to its receiver (patches/ws-fragments.mjs); the build fails if the fix
 * cannot be applied. Dynamic imports (TLS, Redis) stay separate chunks, loaded only when those options
 * are used.
 *
 * The forwarding unit's worker (server/src/unit/worker.ts) is a second entry, `unit-worker.js`, beside
 * cli.js: the unit starts it by that name, relative to the running bundle.
 *
 * `node scripts/build-server.mjs --outdir DIR ENTRY...` builds other entries the same way: the
 * signaling benchmark builds its baseline servers with it, so every server there runs as JavaScript.
 * With `--published-ws`, `ws` is taken from `ws-published` (ws as published on npm, installed under
 * that alias) and not fixed: the benchmark's baselines then run on the `ws` their users get.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { esbuildWsFragments } from '../patches/ws-fragments.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * Native add-ons that packages load only if installed, each inside a try/catch: `ws`'s faster masking
 * and UTF-8 validation. Left as imports, they are simply absent on a LAN box, as on most installs.
 */
const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate'];

const { values, positionals } = parseArgs({
  options: {
    outdir: { type: 'string', default: 'out/server' },
    'published-ws': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
/** The default build: the CLI and the forwarding unit's worker, each under its output name. */
const DEFAULT_ENTRIES = [
  { in: 'server/src/cli.ts', out: 'cli' },
  { in: 'server/src/unit/worker.ts', out: 'unit-worker' },
];
const entries = positionals.length ? positionals : DEFAULT_ENTRIES.map((entry) => entry.in);
const outdir = resolve(ROOT, values.outdir);
const publishedWs = values['published-ws'];

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: positionals.length ? entries : DEFAULT_ENTRIES,
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
  write: false,
  metafile: true,
});

/**
 * Each file is written beside its place and renamed into it, chunks before entries, and only then are
 * files of an older build removed: a server starting from out/server while it is rebuilt (another test
 * run, a LAN box updated in place) finds either the old bundle or the new one, never half of one.
 */
const requested = new Set(entries.map((entry) => resolve(ROOT, entry)));
/** 0 for shared chunks, 1 for chunks loaded on demand, 2 for the entries asked for: the write order. */
const rank = new Map(
  Object.entries(result.metafile.outputs).map(([path, output]) => [
    resolve(ROOT, path),
    !output.entryPoint ? 0 : requested.has(resolve(ROOT, output.entryPoint)) ? 2 : 1,
  ]),
);
const outputs = [...result.outputFiles].sort((a, b) => rank.get(a.path) - rank.get(b.path));
mkdirSync(outdir, { recursive: true });
for (const file of outputs) {
  const staging = `${file.path}.${process.pid}.tmp`;
  // Entries are executable: the `bin` of package.json runs cli.js as `nearcast-server`.
  writeFileSync(staging, file.contents, { mode: rank.get(file.path) === 2 ? 0o755 : 0o644 });
  renameSync(staging, file.path);
}
const written = new Set(outputs.map((file) => basename(file.path)));
for (const name of readdirSync(outdir)) {
  // Another build's staging files are its own to rename.
  if (!written.has(name) && !name.endsWith('.tmp'))
    rmSync(join(outdir, name), { recursive: true, force: true });
}
console.log(`built ${entries.join(', ')} into ${values.outdir}`);
