#!/usr/bin/env node
/**
 * `npm start`: the desktop app with its embedded signaling server. The Electron runtime is fetched
 * on first use; where it cannot be fetched (an offline install), say so plainly and start the
 * standalone server with the web client instead, so Nearcast is still usable from a browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
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

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (ensureElectron()) {
  // preview builds main, preload and renderer, then runs the app as it ships.
  run(npx, ['electron-vite', 'preview']);
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
  run(npm, ['run', 'server', '--', ...process.argv.slice(2)]);
}
