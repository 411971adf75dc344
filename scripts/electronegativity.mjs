#!/usr/bin/env node
/**
 * Security gate: runs @doyensec/electronegativity on the Electron sources (electron/) and on what
 * actually ships (main and preload, built here into a temporary folder so the scan never reads a stale
 * bundle, nor one another build is rewriting in out/; `--no-build` scans out/ as it is), prints
 * every finding, and exits 1 on any HIGH finding that is not allowlisted below, or on any file the
 * scanner could not parse (an unparsed file is an unscanned file, not a clean one).
 *
 * Why the programmatic API instead of the CLI: the CLI always exits 0 and its CSV writer corrupts
 * records whose sample spans lines; `run(options, false)` returns the issues and the parse errors as data.
 *
 * Policy:
 *  - HIGH fails the gate unless allowlisted with a reason (and the code site carries the same comment).
 *  - MEDIUM, LOW and INFORMATIONAL are printed but do not fail: in this tool they are "review the use of
 *    X" heuristics (every shell.openExternal, every BrowserWindow whose options come from a function)
 *    that fire on correct code; failing on them would teach us to allowlist without reading.
 *  - AvailableSecurityFixesGlobalCheck is excluded: it downloads Electron's release list from GitHub,
 *    and tests run offline. The Electron version is pinned from node_modules instead of guessed.
 *  - The scanner's translations are the ones it ships, in English (`offlineTranslations`): its own
 *    start-up would download them for $LANG from the internet on every run.
 *
 * Usage: node scripts/electronegativity.mjs [--no-build]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..');

/**
 * Accepted HIGH findings. Each entry names the check, the file (relative to the scanned input) and why
 * the finding is false; the code site repeats the reason. Keep it short: every entry is a review debt.
 */
export const ALLOWLIST = [
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    file: /(^|\/)main\/window\.ts$/,
    reason:
      'The options come from mainWindowOptions(), which the scanner cannot follow; they set ' +
      'contextIsolation: true and test/electron/window.test.ts pins the exact object.',
  },
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    file: /^main\/index\.js$/,
    reason: 'The bundled form of main/window.ts: same call, same reason as above.',
  },
];

/**
 * electronegativity's run() starts with locales/i18n.js, which configures the `i18n` library with the
 * locale files it ships and then fetches fresher ones for $LANG from its S3 bucket (with `got`, on
 * every run, no option to skip it; offline it prints "Could not retrieve updated translations" after
 * a DNS failure or a 1 s timeout). That module is put in require's cache, before the scanner loads,
 * as one that does the same configuration in English and fetches nothing. The scanner then never
 * opens a socket (`npm test` runs it with test/support/no-network.mjs, which makes any attempt fatal).
 */
function offlineTranslations() {
  const file = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  const i18n = createRequire(file)('i18n');
  const configure = async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(file),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  module.exports = configure;
  require.cache[file] = module;
}

function electronVersion() {
  return require('electron/package.json').version;
}

/** main and preload (and the renderer) from the current sources, in a new temporary folder. */
function build() {
  const outDir = mkdtempSync(join(tmpdir(), 'nearcast-electronegativity-build-'));
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['electron-vite', 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    console.error('electronegativity: electron-vite build failed; nothing to scan.');
    process.exit(1);
  }
  return outDir;
}

/**
 * Copies the bundles (main and preload together: the global checks judge one app, and the navigation
 * lock lives in main, not in the preload) to a temporary folder, lowering ES2022 class members (`#private`) with TypeScript:
 * the scanner's scope analyser stops at them ("Unknown node type ClassPrivateProperty") and would skip
 * the whole bundle. Same code, older syntax; `.cjs` is renamed `.js`, the only extension it reads.
 */
function scannableCopy(built, dirs) {
  const ts = require('typescript');
  const target = mkdtempSync(join(tmpdir(), 'nearcast-electronegativity-'));
  for (const dir of dirs) cpSync(join(built, dir), join(target, dir), { recursive: true });
  for (const name of readdirSync(target, { recursive: true })) {
    const file = join(target, String(name));
    if (!/\.(c|m)?js$/.test(file)) continue;
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.ESNext, allowJs: true },
    }).outputText;
    rmSync(file);
    writeFileSync(file.replace(/\.(c|m)js$/, '.js'), output);
  }
  return target;
}

async function scan(run, input, label) {
  const { issues, errors } = await run(
    {
      input,
      isRelative: true,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      electronVersionOverride: electronVersion(),
      parserPlugins: [],
    },
    false,
  );
  return {
    errors: errors.filter((error) => !error.tolerable).map((error) => ({ ...error, label })),
    issues: issues.map((issue) => ({
      label,
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file.startsWith('/') ? relative(input, issue.file) : issue.file,
      line: issue.location.line,
      column: issue.location.column,
      description: issue.description,
    })),
  };
}

/** The allowlist entry covering a finding, if any. Only HIGH findings are ever looked up. */
export function allowed(issue, allowlist = ALLOWLIST) {
  return allowlist.find((entry) => entry.id === issue.id && entry.file.test(issue.file)) ?? null;
}

async function main() {
  const fresh = !process.argv.includes('--no-build');
  const built = fresh ? build() : join(ROOT, 'out');
  for (const dir of ['main', 'preload']) {
    if (!existsSync(join(built, dir))) {
      console.error(`electronegativity: out/${dir} is missing; run \`npx electron-vite build\`.`);
      process.exit(1);
    }
  }
  offlineTranslations();
  const run = require('@doyensec/electronegativity');
  const copy = scannableCopy(built, ['main', 'preload']);
  if (fresh) rmSync(built, { recursive: true, force: true });
  const targets = [
    { label: 'electron', input: join(ROOT, 'electron') },
    { label: 'out', input: copy },
  ];

  const results = [];
  try {
    for (const target of targets) results.push(await scan(run, target.input, target.label));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }

  let failures = 0;
  for (const error of results.flatMap((result) => result.errors)) {
    failures += 1;
    console.log(`FAIL  [${error.label}] could not parse ${error.file}: ${error.message}`);
  }
  for (const issue of results.flatMap((result) => result.issues)) {
    const where = `[${issue.label}] ${issue.file}:${issue.line}:${issue.column}`;
    const what = `${issue.id} ${issue.severity}/${issue.confidence} ${where} — ${issue.description}`;
    if (issue.severity !== 'HIGH') {
      console.log(`note  ${what}`);
      continue;
    }
    const entry = allowed(issue);
    if (entry) {
      console.log(`ok    ${what}\n      allowlisted: ${entry.reason}`);
    } else {
      failures += 1;
      console.log(`FAIL  ${what}`);
    }
  }
  console.log(
    failures === 0
      ? 'electronegativity: no HIGH finding outside the allowlist.'
      : `electronegativity: ${failures} blocking finding(s).`,
  );
  process.exit(failures === 0 ? 0 : 1);
}

await main();
