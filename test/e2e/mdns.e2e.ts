/**
 * Real mDNS/DNS-SD between two processes: one advertises `_nearcast._tcp` through lan-discovery, the
 * other browses and must list it with the right TXT, and ignore two malformed advertisements it did
 * receive. Then the real standalone server (out/server/cli.js, `npm run build:server`) started with
 * `--advertise --updates` in the first namespace must appear in that list as a host serving updates,
 * with its version, leave it when it stops, and keep running when an answer cannot be sent (its
 * namespace's multicast route removed).
 *
 * Isolation: the test creates two fresh network namespaces joined only by a veth pair (10.77.0.1 and
 * 10.77.0.2), with the multicast route on that pair. Neither namespace has any other interface, so not a
 * single multicast packet can reach a real network, whichever namespace the test runner itself is in
 * (npm test already runs it in a loopback-only one). The namespaces are deleted afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanHost } from '../../common/ipc';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../support/server-process';

const TAG = `${process.pid}`;
const NS_A = `nearcast-mdns-a-${TAG}`;
const NS_B = `nearcast-mdns-b-${TAG}`;
const children: ChildProcess[] = [];

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `ip ${args.join(' ')} failed (needs root and iproute2): ${result.stderr || result.error}`,
    );
  }
}

function createNamespaces(): void {
  ip('netns', 'add', NS_A);
  ip('netns', 'add', NS_B);
  ip('link', 'add', 'nc-a', 'netns', NS_A, 'type', 'veth', 'peer', 'name', 'nc-b', 'netns', NS_B);
  for (const [ns, dev, address] of [
    [NS_A, 'nc-a', '10.77.0.1/24'],
    [NS_B, 'nc-b', '10.77.0.2/24'],
  ] as const) {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'addr', 'add', address, 'dev', dev);
    ip('-n', ns, 'link', 'set', dev, 'up', 'multicast', 'on');
    ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev);
  }
}

function deleteNamespaces(): void {
  for (const ns of [NS_A, NS_B]) spawnSync('ip', ['netns', 'del', ns]);
}

interface Peer {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  waitFor(
    predicate: (line: Record<string, unknown>) => boolean,
    ms: number,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

function startPeer(ns: string, mode: 'advertise' | 'browse'): Peer {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, '--import', 'tsx', 'test/electron/support/mdns-peer.ts', mode],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
      buffer = buffer.slice(newline + 1);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  return {
    child,
    lines,
    waitFor(predicate, ms) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${mode}: timed out; saw ${JSON.stringify(lines)}\n${stderr}`)),
          ms,
        );
        const check = (): void => {
          const found = lines.find(predicate);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const hostsOf = (line: Record<string, unknown>): LanHost[] => (line.hosts as LanHost[] | undefined) ?? [];

let advertiser: Peer;
let browser: Peer;
let lanBox: ServerProcess | undefined;
const releaseDir = mkdtempSync(join(tmpdir(), 'nearcast-mdns-release-'));

beforeAll(async () => {
  createNamespaces();
  browser = startPeer(NS_B, 'browse');
  await browser.waitFor((line) => line.ready === true, 20_000);
  advertiser = startPeer(NS_A, 'advertise');
  await advertiser.waitFor((line) => line.ready === true, 20_000);
});

afterAll(async () => {
  await Promise.all([advertiser?.stop(), browser?.stop(), lanBox?.stop()]);
  for (const child of children) child.kill('SIGKILL');
  deleteNamespaces();
  rmSync(releaseDir, { recursive: true, force: true });
});

describe('LAN discovery over real multicast', () => {
  it('lists the advertised host with its TXT, and the address of its A record', async () => {
    const line = await browser.waitFor(
      (l) => hostsOf(l).some((h) => h.id.startsWith('Nearcast-good.')),
      10_000,
    );
    expect(hostsOf(line)).toEqual([
      {
        id: 'Nearcast-good._nearcast._tcp.local',
        name: 'Ada laptop',
        version: '0.1.0',
        accessCode: true,
        fingerprint: null,
        address: '10.77.0.1',
        port: 4780,
        url: 'http://10.77.0.1:4780/',
        updates: false,
      },
    ]);
  });

  it('receives the malformed advertisements and never lists them', async () => {
    await browser.waitFor((l) => l.seen === 'Nearcast-bad-port._nearcast._tcp.local', 10_000);
    await browser.waitFor((l) => l.seen === 'Nearcast-bad-big._nearcast._tcp.local', 10_000);
    const listed = browser.lines.flatMap(hostsOf).map((host) => host.id);
    expect(listed.filter((id) => id.includes('bad'))).toEqual([]);
  });

  it('drops the host when it stops advertising', async () => {
    const before = browser.lines.length;
    await advertiser.stop();
    await browser.waitFor(
      (l) => browser.lines.indexOf(l) >= before && Array.isArray(l.hosts) && hostsOf(l).length === 0,
      10_000,
    );
  });
});

describe('the standalone server with --advertise', () => {
  // Runs after the lan-discovery advertiser above has left: the browser's list is empty again.
  const portOf = (server: ServerProcess): number => Number(new URL(server.url).port);
  const isBox = (host: LanHost): boolean => lanBox !== undefined && host.port === portOf(lanBox);

  it('is listed by the desktop app as a host serving updates, with its version', async () => {
    lanBox = await startServerProcess(['--host', '0.0.0.0', '--advertise', '--updates', releaseDir], {
      webClient: false,
      prefix: ['ip', 'netns', 'exec', NS_A],
    });
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };

    const line = await browser.waitFor((l) => hostsOf(l).some(isBox), 20_000);
    const port = portOf(lanBox);
    expect(hostsOf(line).find(isBox)).toEqual({
      id: expect.stringMatching(/^Nearcast-[0-9a-f]{8}\._nearcast\._tcp\.local$/) as unknown as string,
      name: hostname(),
      version,
      accessCode: false,
      fingerprint: null,
      address: '10.77.0.1',
      port,
      url: `http://10.77.0.1:${port}/`,
      updates: true,
    });
  });

  it('leaves the list when it stops (goodbye packets)', async () => {
    const box = lanBox!;
    const before = browser.lines.length;
    expect(await box.stop()).toBe(0);
    await browser.waitFor(
      (l) => browser.lines.indexOf(l) >= before && Array.isArray(l.hosts) && !hostsOf(l).some(isBox),
      10_000,
    );
  });

  it('keeps serving when an mDNS answer cannot be sent', async () => {
    lanBox = await startServerProcess(['--host', '0.0.0.0', '--advertise', '--log-level', 'warn'], {
      webClient: false,
      prefix: ['ip', 'netns', 'exec', NS_A],
    });
    const box = lanBox;
    await browser.waitFor((l) => hostsOf(l).some(isBox), 20_000);
    let stderr = '';
    const unsent = new Promise<void>((resolve, reject) => {
      box.child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('mDNS answer not sent')) resolve();
      });
      box.child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${stderr}`)));
    });

    // Without its multicast route, the box hears the browser's queries but cannot answer them.
    ip('-n', NS_A, 'route', 'del', '224.0.0.0/4');
    await unsent;

    expect(box.child.exitCode).toBeNull();
    expect(await box.stop()).toBe(0);
  });
});
