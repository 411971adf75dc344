/**
 * The built forwarding unit: out/server/unit-worker.js (built by the unit project's global setup, as
 * `npm run build:server` does) starts from a copy of out/server with no node_modules in reach, so the
 * media engine ships inside the bundle.
 */
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createForwardingUnit } from '../../../server/src/unit/create-forwarding-unit';
import { REPO_ROOT } from '../../support/server-process';

const box = realpathSync(mkdtempSync(join(tmpdir(), 'nearcast-unit-box-')));
afterAll(() => rmSync(box, { recursive: true, force: true }));

describe('forwarding unit bundle', () => {
  it('starts the built worker from a folder without node_modules', async () => {
    cpSync(resolve(REPO_ROOT, 'out/server'), join(box, 'server'), { recursive: true });
    const unit = await createForwardingUnit({
      entry: pathToFileURL(join(box, 'server', 'unit-worker.js')),
      logger: pino({ level: 'silent' }),
    });
    try {
      expect(unit.fingerprint).toMatch(/^sha-256 /);
      expect(await unit.stats()).toMatchObject({ rooms: 0, publishers: 0 });
    } finally {
      await unit.close();
    }
  });
});
