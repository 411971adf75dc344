/**
 * `npm run screenshots`: every screen of issue 18 at 1280x800, 800x600 and 390x844, light and dark,
 * English and French, into out/screenshots/ with an index.html. Narrow it down with
 * `-- --scenes chat-files,details --sizes 390x844 --themes dark --locales fr`; `-- --readme` renders
 * only the three screenshots the README shows and copies them into docs/screenshots/.
 * Runs inside a private network namespace (scripts/run-in-netns.mjs), like the browser tests.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../test/support/server-process';
import { SCENES, UnreachableScreen, type SceneId } from './scenes';
import { SIZES, THEMES, shotFile, takeScreenshots, type ShotPlan, type Size, type Theme } from './shoot';
import { SHOT_LOCALES, type ShotLocale } from './words';

/** The README's three: what a call looks like, the chat and files beside it, and pre-join. */
const README_SHOTS = [
  { scene: 'call-4-share', theme: 'light', name: 'call-with-share.png' },
  { scene: 'chat-files', theme: 'dark', name: 'chat-and-files.png' },
  { scene: 'pre-join', theme: 'light', name: 'pre-join.png' },
] as const satisfies { scene: SceneId; theme: Theme; name: string }[];
const README_SIZE: Size = { width: 1280, height: 800 };

const USAGE = `Usage: npm run screenshots [-- options]
  --scenes a,b    screens to render (${SCENES.map((s) => s.id).join(', ')})
  --sizes WxH,…   window sizes (default ${SIZES.map((s) => `${s.width}x${s.height}`).join(', ')})
  --themes a,b    ${THEMES.join(', ')}
  --locales a,b   ${SHOT_LOCALES.join(', ')}
  --out DIR       where to write (default out/screenshots)
  --readme        render only the README's screenshots and copy them to docs/screenshots/`;

class UsageError extends Error {}

/** The comma-separated `value`, each checked against `allowed`; all of them when absent. */
function choose<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [...allowed];
  const chosen = value.split(',').filter(Boolean);
  const unknown = chosen.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length || chosen.length === 0)
    throw new UsageError(
      `--${option}: unknown ${unknown.join(', ') || 'empty list'}; one of ${allowed.join(', ')}`,
    );
  return chosen as T[];
}

function sizes(value: string | undefined): Size[] {
  if (value === undefined) return [...SIZES];
  return value.split(',').map((item) => {
    const match = /^(\d{3,4})x(\d{3,4})$/.exec(item);
    if (!match) throw new UsageError(`--sizes: "${item}" is not WIDTHxHEIGHT (e.g. 390x844)`);
    return { width: Number(match[1]), height: Number(match[2]) };
  });
}

function planFrom(argv: string[]): { plan: ShotPlan; readme: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenes: { type: 'string' },
      sizes: { type: 'string' },
      themes: { type: 'string' },
      locales: { type: 'string' },
      out: { type: 'string' },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const outDir = values.out ?? join(REPO_ROOT, 'out/screenshots');
  if (values.readme) {
    const plan: ShotPlan = {
      outDir,
      scenes: README_SHOTS.map((shot) => shot.scene),
      sizes: [README_SIZE],
      themes: [...new Set(README_SHOTS.map((shot) => shot.theme))],
      locales: ['en'],
      log,
    };
    return { plan, readme: true };
  }
  const plan: ShotPlan = {
    outDir,
    scenes: choose(
      'scenes',
      values.scenes,
      SCENES.map((scene) => scene.id),
    ),
    sizes: sizes(values.sizes),
    themes: choose('themes', values.themes, THEMES),
    locales: choose<ShotLocale>('locales', values.locales, SHOT_LOCALES),
    log,
  };
  return { plan, readme: false };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof planFrom>;
  try {
    parsed = planFrom(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message ? `${message}\n\n` : ''}${USAGE}\n`);
    return error instanceof UsageError && !message ? 0 : 2;
  }
  const { plan, readme } = parsed;
  try {
    const shots = await takeScreenshots(plan);
    process.stdout.write(
      `${shots.length} screenshots and index.html in ${relative(REPO_ROOT, plan.outDir)}/\n`,
    );
  } catch (error) {
    const reason =
      error instanceof UnreachableScreen ? error.message : `Screenshots failed: ${String(error)}`;
    process.stderr.write(`${reason}\n`);
    return 1;
  }
  if (readme) {
    const docs = join(REPO_ROOT, 'docs/screenshots');
    mkdirSync(docs, { recursive: true });
    for (const shot of README_SHOTS) {
      copyFileSync(
        join(plan.outDir, shotFile(shot.scene, README_SIZE, shot.theme, 'en')),
        join(docs, shot.name),
      );
      process.stdout.write(`README: docs/screenshots/${shot.name}\n`);
    }
  }
  return 0;
}

process.exitCode = await main();
