/**
 * Where the transfer benchmark's two browsers run.
 *
 * - `one-host` (default): both browsers and the server in the benchmark's own loopback-only network
 *   namespace, sharing both cores, as every earlier figure was measured.
 * - `two-hosts`: closer to two computers on a LAN. Two fresh network namespaces joined only by a veth
 *   pair (10.78.0.1 and 10.78.0.2, like test/e2e/mdns.e2e.ts); the sending browser and the server in
 *   the first, the receiving browser in the second; each browser (all its processes and threads)
 *   pinned to its own core with `taskset`. No other interface exists in either namespace, so no packet
 *   can leave them. The namespaces are deleted afterwards.
 *
 * The baselines always run in the same two browsers as Nearcast, so they share the arrangement.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../test/support/chromium';

export type Arrangement = 'one-host' | 'two-hosts';

export interface Hosts {
  arrangement: Arrangement;
  /** Command prefix that starts the server where the sender is. */
  serverPrefix: string[];
  /** Extra server arguments (the address to listen on). */
  serverArgs: string[];
  /** The address both browsers reach the server at, given the URL the server printed. */
  origin(printed: string): string;
  /** Chromium executables (wrappers in the two-host arrangement) for the sender and the receiver. */
  senderChromium: string;
  receiverChromium: string;
  /** Extra Chromium switches once the origin is known. */
  chromiumArgs(origin: string): string[];
  describe(): string;
  dispose(): void;
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `ip ${args.join(' ')} failed (needs root and iproute2): ${result.stderr || result.error}`,
    );
  }
}

export function oneHost(): Hosts {
  return {
    arrangement: 'one-host',
    serverPrefix: [],
    serverArgs: [],
    origin: (printed) => printed,
    senderChromium: CHROMIUM_PATH,
    receiverChromium: CHROMIUM_PATH,
    chromiumArgs: () => [],
    describe: () => 'one host: both browsers and the server in one loopback-only namespace, on both cores',
    dispose: () => undefined,
  };
}

export function twoHosts(): Hosts {
  const tag = `${process.pid}`;
  const sender = {
    ns: `nearcast-bench-a-${tag}`,
    dev: `ncb${tag}a`.slice(0, 15),
    address: '10.78.0.1',
    core: 0,
  };
  const receiver = {
    ns: `nearcast-bench-b-${tag}`,
    dev: `ncb${tag}b`.slice(0, 15),
    address: '10.78.0.2',
    core: 1,
  };
  const dir = mkdtempSync(join(tmpdir(), 'nearcast-hosts-'));
  const dispose = (): void => {
    for (const { ns } of [sender, receiver]) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    ip('netns', 'add', sender.ns);
    ip('netns', 'add', receiver.ns);
    ip(
      'link',
      'add',
      sender.dev,
      'netns',
      sender.ns,
      'type',
      'veth',
      'peer',
      'name',
      receiver.dev,
      'netns',
      receiver.ns,
    );
    for (const end of [sender, receiver]) {
      ip('-n', end.ns, 'link', 'set', 'lo', 'up');
      ip('-n', end.ns, 'addr', 'add', `${end.address}/24`, 'dev', end.dev);
      ip('-n', end.ns, 'link', 'set', end.dev, 'up');
    }
  } catch (error) {
    dispose();
    throw error;
  }
  const wrapper = (end: typeof sender): string => {
    const path = join(dir, `chromium-${end.core}`);
    writeFileSync(
      path,
      `#!/bin/sh\nexec ip netns exec ${end.ns} taskset -c ${end.core} ${CHROMIUM_PATH} "$@"\n`,
    );
    chmodSync(path, 0o755);
    return path;
  };
  return {
    arrangement: 'two-hosts',
    serverPrefix: ['ip', 'netns', 'exec', sender.ns],
    serverArgs: ['--host', '0.0.0.0'],
    origin: (printed) => `http://${sender.address}:${new URL(printed).port}/`,
    senderChromium: wrapper(sender),
    receiverChromium: wrapper(receiver),
    // Plain http on a non-loopback address is not a secure context; WebRTC's camera permission, the
    // origin file system and crypto.randomUUID need one, as they have on https in real use.
    chromiumArgs: (origin) => [`--unsafely-treat-insecure-origin-as-secure=${origin.replace(/\/$/, '')}`],
    describe: () =>
      `two hosts: sender and server in namespace ${sender.address} on core ${sender.core}, ` +
      `receiver in namespace ${receiver.address} on core ${receiver.core}, joined by a veth pair`,
    dispose,
  };
}
