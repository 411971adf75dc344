/**
 * `npm start` (scripts/start.mjs) on a machine where the Electron runtime cannot be fetched: it builds
 * and starts the standalone server instead, and a SIGTERM to the launcher stops that server and every
 * other process the launcher started, then the launcher exits as the server did. Every network access
 * but listening is fatal in these processes (test/support/no-network.mjs), so the attempt to fetch
 * Electron fails here as it does offline.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/server-process';

const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const electronInstalled = existsSync(join(electronDir, 'path.txt'));
const temp: string[] = [];
/** Whatever a failed run left behind, stopped after the test. */
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0).filter(alive)) process.kill(pid, 'SIGKILL');
  for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Living processes by parent, from /proc (a zombie has exited: it does not count). */
function processTree(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while listed
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') continue;
    const siblings = children.get(Number(ppid)) ?? [];
    siblings.push(Number(name));
    children.set(Number(ppid), siblings);
  }
  return children;
}

function descendants(pid: number): number[] {
  const tree = processTree();
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of tree.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

it.skipIf(electronInstalled || process.platform !== 'linux')(
  'stops the standalone server it started when it gets SIGTERM, and exits as the server did',
  { timeout: 180_000 },
  async () => {
    const cache = mkdtempSync(join(tmpdir(), 'nearcast-electron-cache-'));
    temp.push(cache);
    const launcher = spawn(
      process.execPath,
      ['scripts/start.mjs', '--host', '127.0.0.1', '--port', '0', '--log-level', 'warn'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_OPTIONS: `--import ${resolve(REPO_ROOT, 'test/support/no-network.mjs')}`,
          electron_config_cache: cache,
          npm_config_update_notifier: 'false',
        },
      },
    );
    leftovers.push(launcher.pid!);
    let stdout = '';
    let stderr = '';
    launcher.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    launcher.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
    const closed = once(launcher, 'close');
    const url = await new Promise<string>((resolveUrl, reject) => {
      launcher.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+\/)\n/.exec(stdout);
        if (match) resolveUrl(match[1]!);
      });
      void closed.then(([code]) => reject(new Error(`the launcher exited with ${code}:\n${output()}`)));
    });
    expect(stdout).toContain('Starting the standalone server with the web client instead');
    expect((await fetch(new URL('/healthz', url))).status).toBe(200);
    const started = descendants(launcher.pid!);
    leftovers.push(...started);
    expect(started.length).toBeGreaterThan(0);

    launcher.kill('SIGTERM');

    // The bound only ends a failing run early; a working launcher exits as soon as the server has.
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise((resolveStuck) => (timer = setTimeout(resolveStuck, 60_000, 'still running')));
    const ended = await Promise.race([closed, stuck]).finally(() => clearTimeout(timer));
    expect(ended, output()).toEqual([0, null]);
    expect(stdout).toContain('Nearcast server stopped.');
    expect(started.filter(alive), output()).toEqual([]);
    await expect(fetch(new URL('/healthz', url))).rejects.toThrow();
  },
);
