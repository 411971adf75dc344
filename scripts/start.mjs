#!/usr/bin/env node
/**
 * `npm start`: the desktop app with its embedded signaling server. The Electron runtime is fetched
 * on first use; where it cannot be fetched (an offline install), say so plainly and start the
 * standalone server with the web client instead, so Nearcast is still usable from a browser.
 *
 * SIGINT and SIGTERM reach every process this starts, and the launcher exits as its child does: the
 * app or the server never outlives `npm start` (test/server/launcher.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** True when the Electron binary is on disk (path.txt names it once the download has happened). */
function electronInstalled(dir) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function ensureElectron() {
  const dir = electronDir();
  if (!dir) return false;
  if (electronInstalled(dir)) return true;
  console.log('Fetching the Electron runtime (first start only)…');
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return result.status === 0 && electronInstalled(dir);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const POSIX = process.platform !== 'win32';
/** The step running now; a signal goes to it, and to everything it started. */
let current = null;
let stopping = null;

for (const signal of SIGNALS) {
  process.on(signal, () => {
    stopping = signal;
    // Each step leads a process group of its own (below): npx, electron-vite and Electron, or npm and
    // the build tools, all get the signal, not only the first of them.
    if (current?.pid && current.exitCode === null && current.signalCode === null) {
      if (POSIX) process.kill(-current.pid, signal);
      else current.kill(signal);
    }
  });
}

/** Ends this process as the child ended: with its exit code, or by the signal that killed it. */
function exitLike(code, signal) {
  if (signal) {
    for (const name of SIGNALS) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
}

/**
 * Runs one step to its end. Its stdin is not the terminal: in a process group of its own it could not
 * read it anyway, and nothing here needs it.
 */
function step(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: POSIX,
    });
    current = child;
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Runs the steps in order; stops at the first that fails or at a signal, and exits like it. */
async function run(steps) {
  for (const [command, args] of steps) {
    // A signal that came while the Electron runtime was being fetched.
    if (stopping) return exitLike(null, stopping);
    const { code, signal } = await step(command, args);
    if (signal || code !== 0 || stopping) return exitLike(code, signal);
  }
  process.exit(0);
}

if (ensureElectron()) {
  // preview builds main, preload and renderer, then runs the app as it ships.
  await run([[npx, ['electron-vite', 'preview']]]);
} else {
  console.log(
    [
      '',
      'The Electron runtime is not installed and could not be downloaded, so the desktop app cannot open.',
      'It comes from the Electron release servers on the internet. To get it, run this once with internet access:',
      '    node node_modules/electron/install.js',
      'then `npm start` again.',
      '',
      'Starting the standalone server with the web client instead: open the address below in a browser.',
      '',
    ].join('\n'),
  );
  // What `npm run server` does, without a shell between this launcher and the server.
  await run([
    [npm, ['run', '--silent', 'build:web']],
    [npm, ['run', '--silent', 'build:server']],
    [process.execPath, [join(ROOT, 'out/server/cli.js'), ...process.argv.slice(2)]],
  ]);
}
