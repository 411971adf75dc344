#!/usr/bin/env node
/**
 * `npm run dist`: builds the installers for this OS into release/, never uploaded (`--publish never`).
 * Arguments after `--` go to electron-builder (`-c.publish.url=…`).
 *
 * With NEARCAST_UPDATE_KEY set to the publisher's update key (scripts/release-signing.mjs), the app
 * carries the key's public half (resources/update-keys) and the channel files are signed: copies
 * built so update from any LAN server that serves the release. Without it the build is made, but it
 * does not update itself, and this says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publicKeyPem, readSigningKey, signRelease } from './release-signing.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const KEYS_DIR = join(ROOT, 'out', 'update-keys');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(args) {
  const result = spawnSync(npx, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

try {
  const keyFile = process.env.NEARCAST_UPDATE_KEY;
  const key = keyFile ? readSigningKey(keyFile) : null;
  run(['electron-vite', 'build']);
  // Always there (electron-builder copies it as extraResources), empty without a key.
  rmSync(KEYS_DIR, { recursive: true, force: true });
  mkdirSync(KEYS_DIR, { recursive: true });
  if (key) writeFileSync(join(KEYS_DIR, 'publisher.pem'), publicKeyPem(key));
  else {
    console.warn(
      'NEARCAST_UPDATE_KEY is not set: this build will not update itself (see scripts/release-signing.mjs).',
    );
  }
  run([
    'electron-builder',
    '--config',
    'electron-builder.yml',
    '--publish',
    'never',
    ...process.argv.slice(2),
  ]);
  if (key) console.log(`Signed ${signRelease(join(ROOT, 'release'), key).join(', ')}.`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
