/**
 * Launches Debian's Chromium for browser tests and benchmarks: fake camera, microphone and screen,
 * loopback ICE candidates allowed, nothing fetched from the network, a fresh profile every launch.
 */
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Refuses to run unless the only network interface is loopback: WebRTC would otherwise gather
 * candidates on this machine's LAN interface and send traffic there. `testLan` names interfaces the
 * test LAN plugged into this namespace itself (test/e2e/lan/topology.ts), which lead nowhere else.
 */
export function assertLoopbackOnly(testLan: readonly string[] = []): void {
  const names = Object.keys(networkInterfaces());
  const foreign = names.filter((name) => name !== 'lo' && !testLan.includes(name));
  if (foreign.length > 0) {
    throw new Error(
      `Browser tests must run in a private network namespace (found interfaces: ${names.join(', ')}). ` +
        'Run them through `npm run test:e2e`.',
    );
  }
}

/**
 * `executablePath` may be a wrapper that starts Chromium elsewhere (the transfer benchmark's two-host
 * arrangement starts each browser inside its own network namespace, pinned to one core).
 */
export async function launchChromium(
  extraArgs: string[] = [],
  executablePath = CHROMIUM_PATH,
): Promise<Browser> {
  assertLoopbackOnly();
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  // launch() gives every browser a fresh temporary --user-data-dir and removes it on close.
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * A browser with an on-disk profile (a fresh folder): unlike launch()'s off-the-record contexts, its
 * origin file system is on disk, so a page that "streams to disk" really does.
 */
export async function launchPersistentChromium(
  extraArgs: string[] = [],
  executablePath = CHROMIUM_PATH,
): Promise<BrowserContext> {
  assertLoopbackOnly();
  const profile = mkdtempSync(join(tmpdir(), 'nearcast-profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
