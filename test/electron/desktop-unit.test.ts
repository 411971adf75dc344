/**
 * The desktop app's forwarding unit as the app ships it: main and its worker built by electron-vite
 * (into a fresh folder of out/, so the worker finds werift in the app's node_modules as it does
 * inside the installed app), the worker found beside main's entry, started and answering. The
 * Electron binary cannot run here; its main process runs workers as Node does (inside app.asar too,
 * since Electron 19). When the worker cannot start at all, the app keeps rooms a mesh
 * (embedded-server.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createForwardingUnit } from '../../server/src/unit/create-forwarding-unit';

const root = fileURLToPath(new URL('../../', import.meta.url));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let outDir = '';

beforeAll(() => {
  mkdirSync(join(root, 'out'), { recursive: true });
  outDir = mkdtempSync(join(root, 'out', '.desktop-unit-'));
  const result = spawnSync(npx, ['electron-vite', 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
}, 240_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the desktop build's forwarding unit", () => {
  it('sits beside main, and starts, answers and closes from the built file', async () => {
    const worker = join(outDir, 'main', 'unit-worker.js');
    expect(existsSync(worker)).toBe(true);
    // Main's entry starts it from its own folder (create-forwarding-unit.ts, defaultEntry).
    expect(readFileSync(join(outDir, 'main', 'index.js'), 'utf8')).toContain('unit-worker.js');

    const unit = await createForwardingUnit({
      logger: pino({ level: 'silent' }),
      entry: pathToFileURL(worker),
    });
    try {
      expect(unit.fingerprint).toMatch(/^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(await unit.stats()).toMatchObject({ rooms: 0 });
    } finally {
      await unit.close();
    }
  }, 60_000);
});
