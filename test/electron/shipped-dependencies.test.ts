/**
 * The desktop app ships what its main process and preload load, and nothing else. electron-vite leaves
 * the packages of `dependencies` as imports (electron-builder copies them into the app) and bundles
 * every other one; so `dependencies` must be exactly the packages the built main and preload import.
 * The server-only packages (Redis, the streams adapter, the certificate generator) are not among them,
 * and the embedded server's `ws` is bundled with the same fix as the standalone server's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/server-process';

/** Native add-ons `ws` loads in a try/catch only if installed; the app does without them. */
const OPTIONAL = new Set(['bufferutil', 'utf-8-validate']);
const BUILTIN = new Set([...builtinModules, 'electron']);

const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'nearcast-app-build-'));
  const built = spawnSync(
    process.execPath,
    [
      resolve(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      out,
      '--logLevel',
      'error',
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stderr}`);
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The code of the built main process and preload, lazily loaded chunks (chunks/) included. */
function builtCode(): string {
  return ['main', 'preload']
    .flatMap((dir) =>
      readdirSync(join(out, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.js') || file.endsWith('.cjs'))
        .map((file) => readFileSync(join(out, dir, file), 'utf8')),
    )
    .join('\n');
}

/**
 * The npm packages a bundle still loads at run time: its imports, dynamic imports and require() calls
 * as TypeScript's scanner finds them (comments and strings skipped), and the bundler's own
 * `__require("…")` shims.
 */
function packagesImported(code: string): Set<string> {
  const specifiers = [
    ...ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName),
    ...[...code.matchAll(/\b__require\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1]!),
  ];
  const packages = new Set<string>();
  for (const specifier of specifiers) {
    if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (!BUILTIN.has(name) && !OPTIONAL.has(name)) packages.add(name);
  }
  return packages;
}

describe('the desktop app', () => {
  it('declares as dependencies exactly the packages its built main and preload import', () => {
    expect([...packagesImported(builtCode())].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });

  it('ships none of the server-only packages', () => {
    for (const name of ['redis', '@socket.io/redis-streams-adapter', 'selfsigned', 'socket.io', 'ws']) {
      expect(Object.keys(pkg.dependencies)).not.toContain(name);
    }
  });

  it("bundles the embedded server's ws with the fragments fix", () => {
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toMatch(/\bfragments\.length = 0;/);
    expect(main).toMatch(/if \(this\._binaryType !== "fragments"\) fragments\.length = 0;/);
  });
});
