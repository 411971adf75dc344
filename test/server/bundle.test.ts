/**
 * The built server is all a LAN box needs besides Node: out/server (and the web client beside it, as
 * the Dockerfile lays them out) copied to a folder with no node_modules in it or above it runs, serves
 * the web client and a call, and loads its TLS and Redis chunks. A bundle that still imported an npm
 * package would fail to start there (or fail at `--tls` / `--redis`, which load their chunks on demand).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RelayedSignal } from '../../common/signaling/signal';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../support/server-process';
import { offer, request, useHarness, waitFor } from './helpers';
import { startRedis } from './redis-process';

const harness = useHarness();
const started: ServerProcess[] = [];
let box: string;

/** Every folder from `dir` up to the root, where Node would look for node_modules. */
function foldersAbove(dir: string): string[] {
  const folders = [dir];
  while (dirname(folders.at(-1)!) !== folders.at(-1)) folders.push(dirname(folders.at(-1)!));
  return folders;
}

beforeAll(() => {
  box = realpathSync(mkdtempSync(join(tmpdir(), 'nearcast-lan-box-')));
  cpSync(resolve(REPO_ROOT, 'out/server'), join(box, 'server'), { recursive: true });
  const web = spawnSync(
    process.execPath,
    [
      resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'renderer/vite.config.ts',
      '--outDir',
      join(box, 'renderer'),
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (web.status !== 0) throw new Error('could not build the web client (npm run build:web)');
}, 120_000);

afterEach(async () => {
  await harness.cleanup();
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

afterAll(() => rmSync(box, { recursive: true, force: true }));

/** The copy under plain node, with nothing that could point Node back at this repository. */
async function startCopy(args: string[] = [], vars: Record<string, string> = {}): Promise<ServerProcess> {
  const env = { ...process.env, HOME: box, NODE_PATH: '', ...vars };
  const server = await startServerProcess(args, { cli: join(box, 'server', 'cli.js'), cwd: box, env });
  started.push(server);
  return server;
}

const at = (server: ServerProcess) => ({ host: '127.0.0.1', port: 0, url: server.url });

describe('out/server copied to a machine with Node only', () => {
  it('has no node_modules to lean on, and names no file of this repository', () => {
    for (const folder of foldersAbove(box)) expect(existsSync(join(folder, 'node_modules'))).toBe(false);
    expect(existsSync(resolve(process.execPath, '../../lib/node'))).toBe(false);
    for (const name of readdirSync(join(box, 'server'))) {
      expect(readFileSync(join(box, 'server', name), 'utf8')).not.toContain(REPO_ROOT);
    }
  });

  it('serves the web client, /healthz and a call: two sockets join a room and a signal is relayed', async () => {
    const server = await startCopy();

    const health = await fetch(new URL('/healthz', server.url));
    expect(health.status).toBe(200);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(box, 'renderer', 'index.html'), 'utf8'));

    const ada = await harness.joined(at(server), 'standup', 'Ada');
    const bob = await harness.joined(at(server), 'standup', 'Bob');
    expect(bob.joined.peers).toEqual([{ id: ada.client.id, name: 'Ada' }]);
    const relayed = waitFor<RelayedSignal>(bob.client, 'signal');
    expect(await request(ada.client, 'signal', { to: bob.client.id, data: offer() })).toEqual({
      ok: true,
      data: null,
    });
    await expect(relayed).resolves.toEqual({ from: ada.client.id, data: offer() });
  });

  it('loads its TLS chunk: NEARCAST_TLS creates a certificate and serves HTTPS with it', async () => {
    // Set as a container or a systemd unit sets it.
    const server = await startCopy([], { NEARCAST_TLS: 'true', NEARCAST_DATA_DIR: join(box, 'data') });
    expect(server.url).toMatch(/^https:/);
    const ca = readFileSync(join(box, 'data', 'tls-cert.pem'));
    const status = await new Promise<number | undefined>((resolveStatus, reject) => {
      httpsGet(new URL('/healthz', server.url), { ca }, (response) => {
        response.resume();
        resolveStatus(response.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(200);
  });

  it('loads its Redis chunk: --redis connects to a real redis-server', { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    try {
      const server = await startCopy(['--redis', redis.url]);
      const ada = await harness.joined(at(server), 'standup', 'Ada');
      expect(ada.joined.peers).toEqual([]);
    } finally {
      await harness.cleanup();
      await Promise.all(started.splice(0).map((server) => server.stop()));
      await redis.stop();
    }
  });
});
