/**
 * The update path end to end, short of the Electron binary: the real standalone server (the built CLI,
 * `--updates DIR`, port 0) serves a newer release, and electron-updater's own updater (its
 * DebUpdater, with its generic provider, YAML parsing, version comparison, download and SHA-512 check)
 * finds it through the app's updater (electron/main/updates), which offers it, then downloads it when
 * asked.
 *
 * What stands in for Electron: the app object electron-updater reads (version, paths; its own
 * AppAdapter interface), and Electron's `net` module, replaced by node:http in the one method that
 * opens requests. What this does not prove: Chromium's network stack (proxies, certificates), and
 * installing, which replaces the running app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LanHost } from '../../../common/ipc';
import { updatesFeedUrl } from '../../../common/updates';
import { feedCandidates } from '../../../electron/main/updates/feeds';
import { createUpdater, type AutoUpdaterLike } from '../../../electron/main/updates/updater';
import { REPO_ROOT, serverCommand } from '../../support/server-process';

const INSTALLED = '0.1.0';
const NEWER = '0.2.0';
const DEB = `Nearcast-${NEWER}-linux-amd64.deb`;
/** Stands for the package: its bytes only need a SHA-512 the channel file states. */
const PACKAGE = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) % 251));

let root: string;
const servers: ChildProcess[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nearcast-lan-update-'));
});

afterEach(async () => {
  for (const child of servers.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

/** The publisher's signing key, as `npm run dist` is given it; the app trusts its public half. */
const publisher = generateKeyPairSync('ed25519');
const PUBLISHER_KEYS = [publisher.publicKey.export({ type: 'spki', format: 'pem' }).toString()];

/**
 * A release folder as `npm run dist` leaves it, for one package: each channel file signed with
 * `signer` (the publisher's key unless a test says otherwise; null: unsigned).
 */
async function writeRelease(
  dir: string,
  version: string,
  signer: KeyObject | null = publisher.privateKey,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const sha512 = createHash('sha512').update(PACKAGE).digest('base64');
  const channel = [
    `version: ${version}`,
    'files:',
    `  - url: ${DEB}`,
    `    sha512: ${sha512}`,
    `    size: ${PACKAGE.length}`,
    `path: ${DEB}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-12-01T10:00:00.000Z'",
    '',
  ].join('\n');
  for (const name of ['latest.yml', 'latest-linux.yml', 'latest-linux-arm64.yml', 'latest-mac.yml']) {
    await writeFile(join(dir, name), channel);
    if (signer)
      await writeFile(join(dir, `${name}.sig`), sign(null, Buffer.from(channel), signer).toString('base64'));
  }
  await writeFile(join(dir, DEB), PACKAGE);
}

/** Starts the built CLI with `args` on a free loopback port; resolves with its URL. */
function startServer(args: string[]): Promise<string> {
  const [program, ...rest] = serverCommand(['--host', '127.0.0.1', '--port', '0', ...args]);
  const child = spawn(program, rest, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    child.once('close', () => reject(new Error(`server exited: ${stderr}`)));
  });
}

/** electron-updater's DebUpdater as a packaged app at INSTALLED would run it. */
async function realUpdater(): Promise<DebUpdater> {
  const userData = join(root, 'user-data');
  await mkdir(userData, { recursive: true });
  const appUpdateConfigPath = join(root, 'app-update.yml');
  // What electron-builder writes into a packaged app from the `publish` setting.
  await writeFile(
    appUpdateConfigPath,
    'provider: generic\nurl: http://127.0.0.1/updates/\nupdaterCacheDirName: nearcast-updater\n',
  );
  const app: AppAdapter = {
    version: INSTALLED,
    name: 'Nearcast',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: userData,
    baseCachePath: join(root, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new DebUpdater(null, app);
  updater.logger = null;
  // electron-updater's own executor, with Electron's `net` (the one part that needs the Electron
  // binary) replaced by node:http in the method that opens requests: the responses have the same shape.
  const executor = new ElectronHttpExecutor();
  Object.assign(executor, {
    createRequest: (options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest =>
      request(options, callback),
  });
  // An app built with an AppAdapter brings its own executor (electron-updater's tests do the same).
  Object.assign(updater, { httpExecutor: executor });
  return updater;
}

/** The app's updater over electron-updater's own, trusting the publisher's key unless told otherwise. */
async function appUpdater(feeds: () => string[], publisherKeys: readonly string[] = PUBLISHER_KEYS) {
  return createUpdater({
    autoUpdater: await realUpdater(),
    feeds,
    inCall: () => false,
    publisherKeys,
    logger: pino({ level: 'silent' }),
  });
}

function lanHost(url: string, version: string): LanHost {
  const { hostname, port } = new URL(url);
  return {
    id: 'Nearcast-box._nearcast._tcp.local',
    name: 'Office box',
    version,
    accessCode: false,
    fingerprint: null,
    address: hostname,
    port: Number(port),
    url,
    updates: true,
  };
}

describe('updating from a server on the LAN', () => {
  it('offers the newer version a LAN host serves, then downloads it with a matching SHA-512', async () => {
    const updatesDir = join(root, 'release');
    await writeRelease(updatesDir, NEWER);
    const url = await startServer(['--updates', updatesDir]);
    const autoUpdater: AutoUpdaterLike = await realUpdater();
    const feeds = () =>
      feedCandidates({ remoteOrigin: null, lanHosts: [lanHost(url, NEWER)], version: INSTALLED });
    const updater = createUpdater({
      autoUpdater,
      feeds,
      inCall: () => false,
      publisherKeys: PUBLISHER_KEYS,
      logger: pino({ level: 'silent' }),
    });

    expect(feeds()).toEqual([updatesFeedUrl(new URL(url).origin)]);
    expect(await updater.check()).toEqual({ state: 'available', version: NEWER, from: new URL(url).host });

    expect(await updater.download()).toEqual({ ok: true, data: null });
    expect(updater.status()).toEqual({ state: 'downloaded', version: NEWER });
    const pending = join(root, 'cache', 'nearcast-updater', 'pending');
    const files = await readdir(pending);
    const downloaded = files.find((name) => name.endsWith('.deb'));
    expect(downloaded).toBeDefined();
    expect(await readFile(join(pending, downloaded ?? ''))).toEqual(PACKAGE);
    updater.dispose();
  });

  it('says the app is up to date when the server serves the installed version', async () => {
    const updatesDir = join(root, 'release');
    await writeRelease(updatesDir, INSTALLED);
    const url = await startServer(['--updates', updatesDir]);
    const updater = await appUpdater(() => [updatesFeedUrl(new URL(url).origin)]);

    expect(await updater.check()).toEqual({ state: 'up-to-date' });
    updater.dispose();
  });

  it('moves on from a chosen server that serves no updates to the LAN host that does', async () => {
    const updatesDir = join(root, 'release');
    await writeRelease(updatesDir, NEWER);
    const lanUrl = await startServer(['--updates', updatesDir]);
    // A second server, without --updates: the user's chosen one.
    const chosen = await startServer([]);
    const updater = await appUpdater(() =>
      feedCandidates({
        remoteOrigin: new URL(chosen).origin,
        lanHosts: [lanHost(lanUrl, NEWER)],
        version: INSTALLED,
      }),
    );

    expect(await updater.check()).toEqual({ state: 'available', version: NEWER, from: new URL(lanUrl).host });
    updater.dispose();
  });

  it('refuses an update that is not signed by the publisher: unsigned, altered, or signed by another key', async () => {
    const unsigned = join(root, 'unsigned');
    await writeRelease(unsigned, NEWER, null);
    const altered = join(root, 'altered');
    await writeRelease(altered, NEWER);
    // The channel file names another package after signing: what a host on the path would do.
    for (const name of ['latest.yml', 'latest-linux.yml']) {
      const text = await readFile(join(altered, name), 'utf8');
      await writeFile(join(altered, name), text.replace(/sha512: .*/g, `sha512: ${'A'.repeat(86)}==`));
    }
    const otherKey = join(root, 'other-key');
    await writeRelease(otherKey, NEWER, generateKeyPairSync('ed25519').privateKey);
    for (const dir of [unsigned, altered, otherKey]) {
      const url = await startServer(['--updates', dir]);
      const updater = await appUpdater(() => [updatesFeedUrl(new URL(url).origin)]);
      expect(await updater.check(), dir).toEqual({ state: 'failed', stage: 'signature', version: null });
      expect(await updater.download()).toMatchObject({ ok: false });
      updater.dispose();
    }
  });

  it('moves on from a host offering an unsigned update to one whose update is signed', async () => {
    const forged = join(root, 'forged');
    await writeRelease(forged, '9.9.9', null);
    const genuine = join(root, 'genuine');
    await writeRelease(genuine, NEWER);
    const forgedUrl = await startServer(['--updates', forged]);
    const genuineUrl = await startServer(['--updates', genuine]);
    const updater = await appUpdater(() =>
      feedCandidates({
        remoteOrigin: null,
        lanHosts: [lanHost(forgedUrl, '9.9.9'), lanHost(genuineUrl, NEWER)],
        version: INSTALLED,
      }),
    );
    expect(await updater.check()).toEqual({
      state: 'available',
      version: NEWER,
      from: new URL(genuineUrl).host,
    });
    updater.dispose();
  });

  it('does not update itself when built without the publisher key', async () => {
    const updatesDir = join(root, 'release');
    await writeRelease(updatesDir, NEWER);
    const url = await startServer(['--updates', updatesDir]);
    const updater = await appUpdater(() => [updatesFeedUrl(new URL(url).origin)], []);
    expect(await updater.check()).toEqual({ state: 'unsupported' });
    updater.dispose();
  });
});
