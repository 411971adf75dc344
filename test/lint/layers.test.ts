/**
 * The layer rules of eslint.config.js (scripts/layers.mjs), proved on probes: each forbidden import is
 * reported, and the allowed one beside it is not. A probe is linted as if it were a file in the layer,
 * importing files that exist, so a rule that stopped matching (a renamed folder, a broken resolver)
 * fails here instead of silently passing every import.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** A server module other than the public entry, whatever the server's folders are called. */
function serverInternal(): string {
  const entry = readdirSync(resolve(root, 'server/src'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
    .sort()[0];
  if (!entry) throw new Error('server/src has no module');
  return `server/src/${entry.replace(/\.ts$/, '')}`;
}

async function layerErrors(file: string, importPath: string): Promise<string[]> {
  const target = resolve(root, importPath);
  const from = resolve(root, file, '..');
  let specifier = target.startsWith(from) ? `./${target.slice(from.length + 1)}` : '';
  if (!specifier) {
    const up = file.split('/').length - 1;
    specifier = `${'../'.repeat(up)}${importPath}`;
  }
  const code = `import * as probe from '${specifier}';\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

async function packageErrors(file: string, name: string): Promise<string[]> {
  const code = `import * as probe from '${name}';\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const refused: [string, string, () => string][] = [
  ['common/probe.ts', 'common → server', () => 'server/src/index'],
  ['common/probe.ts', 'common → renderer', () => 'renderer/src/stores/room'],
  ['server/src/probe.ts', 'server → renderer', () => 'renderer/src/stores/room'],
  ['server/src/probe.ts', 'server → electron', () => 'electron/preload/bridge'],
  ['electron/main/probe.ts', 'main → server internals', serverInternal],
  ['server/src/state/probe.ts', 'server state → routes', () => 'server/src/routes/route'],
  ['server/src/transport/probe.ts', 'server transport → cluster', () => 'server/src/cluster/claims'],
  ['electron/main/probe.ts', 'main → renderer', () => 'renderer/src/stores/room'],
  ['electron/main/probe.ts', 'main → preload', () => 'electron/preload/bridge'],
  ['renderer/src/stores/probe.ts', 'store → server', () => 'server/src/index'],
  ['renderer/src/stores/probe.ts', 'store → bridge', () => 'electron/preload/bridge'],
  ['renderer/src/stores/probe.ts', 'store → component', () => 'renderer/src/components/VideoTile.vue'],
  ['renderer/src/rtc/probe.ts', 'engine → store', () => 'renderer/src/stores/room'],
  ['renderer/src/rtc/probe.ts', 'engine → services', () => 'renderer/src/services/platform'],
  ['renderer/src/components/probe.ts', 'component → bridge', () => 'electron/preload/bridge'],
  ['renderer/src/components/probe.ts', 'component → platform', () => 'renderer/src/services/platform'],
  ['renderer/src/services/probe.ts', 'service → store', () => 'renderer/src/stores/room'],
];

const allowed: [string, string, () => string][] = [
  ['server/src/probe.ts', 'server → common', () => 'common/result'],
  ['server/src/routes/probe.ts', 'server routes → state', () => 'server/src/state/rooms'],
  ['electron/main/probe.ts', 'main → server entry', () => 'server/src/index'],
  ['renderer/src/services/platform.ts', 'platform → bridge', () => 'electron/preload/bridge'],
  ['renderer/src/stores/probe.ts', 'store → engine', () => 'renderer/src/rtc/emitter'],
  ['renderer/src/components/probe.ts', 'component → store', () => 'renderer/src/stores/room'],
];

describe('layer boundaries', () => {
  it.each(refused)('%s: %s is refused', async (file, _label, target) => {
    expect(await layerErrors(file, target())).not.toEqual([]);
  });

  it.each(allowed)('%s: %s is allowed', async (file, _label, target) => {
    expect(await layerErrors(file, target())).toEqual([]);
  });

  it.each([
    ['common/probe.ts', 'node:fs'],
    ['common/probe.ts', 'electron'],
    ['renderer/src/rtc/probe.ts', 'vue'],
    ['renderer/src/rtc/probe.ts', 'pinia'],
    ['server/src/probe.ts', 'electron'],
    ['electron/main/hosting/probe.ts', 'electron'],
  ])('%s may not import the package %s', async (file, name) => {
    expect(await packageErrors(file, name)).not.toEqual([]);
  });

  it('lets the composition root import Electron values, and features its types only', async () => {
    expect(await packageErrors('electron/main/index.ts', 'electron')).toEqual([]);
    const code = `import type { App } from 'electron';\nexport type Used = App;\n`;
    const [result] = await eslint.lintText(code, {
      filePath: resolve(root, 'electron/main/hosting/probe.ts'),
    });
    expect(result?.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
