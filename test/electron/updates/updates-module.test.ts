/**
 * The updater's decisions with electron-updater faked (lan-update.test.ts runs the real one): which
 * feeds it asks and in what order, what it offers, that downloading and restarting wait for the user,
 * that a restart never ends a call, and that a LAN host appearing with a newer version is checked.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { LanHost } from '../../../common/ipc';
import type { UpdateStatus } from '../../../common/updates';
import { compareVersions, feedCandidates } from '../../../electron/main/updates/feeds';
import { createUpdater, INSTALL_IN_CALL } from '../../../electron/main/updates/updater';
import { updatesModule } from '../../../electron/main/updates/updates-module';
import { FakeAutoUpdater, FAKE_PUBLISHER_KEYS } from '../../fakes/auto-updater';
import { trustedIpc } from '../support/ipc';

const logger = pino({ level: 'silent' });
const REMOTE = 'http://192.168.1.5:4780';
const REMOTE_FEED = 'http://192.168.1.5:4780/updates/';

function host(address: string, version: string, updates = true): LanHost {
  return {
    id: `Nearcast-${address}._nearcast._tcp.local`,
    name: address,
    version,
    accessCode: false,
    fingerprint: null,
    address,
    port: 4780,
    url: `http://${address}:4780/`,
    updates,
  };
}

describe('feeds', () => {
  it('tries the chosen server first, then LAN hosts with release files and a newer version, newest first', () => {
    const lanHosts = [
      host('192.168.1.7', '0.2.0'),
      host('192.168.1.8', '0.3.0'),
      host('192.168.1.9', '0.9.0', false),
      host('192.168.1.10', '0.1.0'),
      host('192.168.1.11', '0.2.0-beta.1'),
    ];
    expect(feedCandidates({ remoteOrigin: REMOTE, lanHosts, version: '0.1.0' })).toEqual([
      REMOTE_FEED,
      'http://192.168.1.8:4780/updates/',
      'http://192.168.1.7:4780/updates/',
      'http://192.168.1.11:4780/updates/',
    ]);
    expect(feedCandidates({ remoteOrigin: null, lanHosts: [], version: '0.1.0' })).toEqual([]);
  });

  it('orders versions as semver does for ours', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0-rc.1')).toBe(1);
    expect(compareVersions('1.0.0-beta.2', '1.0.0-beta.1')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('junk', '0.0.1')).toBe(-1);
  });
});

describe('updater', () => {
  function setup(feeds: string[], inCall = false) {
    const autoUpdater = new FakeAutoUpdater();
    const call = { inCall };
    const updater = createUpdater({
      autoUpdater,
      feeds: () => feeds,
      inCall: () => call.inCall,
      publisherKeys: FAKE_PUBLISHER_KEYS,
      logger,
    });
    const seen: UpdateStatus[] = [];
    updater.onChanged((status) => seen.push(status));
    return { autoUpdater, updater, seen, call };
  }

  it('never downloads or installs on its own', () => {
    const { autoUpdater } = setup([]);
    expect(autoUpdater.autoDownload).toBe(false);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
  });

  it('offers what the first feed with a newer version serves, skipping servers without updates', async () => {
    const lan = 'http://192.168.1.8:4780/updates/';
    const { autoUpdater, updater, seen } = setup([REMOTE_FEED, lan]);
    autoUpdater.serves404(REMOTE_FEED).offers(lan, '0.3.0');

    const offer = { state: 'available', version: '0.3.0', from: '192.168.1.8:4780' };
    expect(await updater.check()).toEqual(offer);
    expect(autoUpdater.feeds).toEqual([REMOTE_FEED, lan]);
    expect(seen).toEqual([{ state: 'checking' }, offer]);
    expect(autoUpdater.downloadUpdate).not.toHaveBeenCalled();
  });

  it('tells up to date, no source, unsupported and failed checks apart', async () => {
    const upToDate = setup([REMOTE_FEED]);
    upToDate.autoUpdater.current(REMOTE_FEED, '0.1.0');
    expect(await upToDate.updater.check()).toEqual({ state: 'up-to-date' });

    const nowhere = setup([REMOTE_FEED]);
    nowhere.autoUpdater.serves404(REMOTE_FEED);
    expect(await nowhere.updater.check()).toEqual({ state: 'no-source' });
    expect(await setup([]).updater.check()).toEqual({ state: 'no-source' });

    // A development build: electron-updater answers null.
    expect(await setup([REMOTE_FEED]).updater.check()).toEqual({ state: 'unsupported' });

    const broken = setup([REMOTE_FEED]);
    broken.autoUpdater.answers.set(
      REMOTE_FEED,
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    );
    expect(await broken.updater.check()).toEqual({ state: 'failed', stage: 'check', version: null });
  });

  it('downloads when asked, reporting whole percents, then waits for the restart', async () => {
    const { autoUpdater, updater, seen } = setup([REMOTE_FEED]);
    autoUpdater.offers(REMOTE_FEED, '0.2.0');
    expect((await updater.download()).ok).toBe(false);
    await updater.check();
    autoUpdater.downloadUpdate.mockImplementationOnce(async () => {
      autoUpdater.emit('download-progress', { percent: 10.2 });
      autoUpdater.emit('download-progress', { percent: 10.9 });
      autoUpdater.emit('download-progress', { percent: 64.5 });
      return [];
    });

    expect(await updater.download()).toEqual({ ok: true, data: null });

    expect(seen.slice(2)).toEqual([
      { state: 'downloading', version: '0.2.0', percent: 0 },
      { state: 'downloading', version: '0.2.0', percent: 10 },
      { state: 'downloading', version: '0.2.0', percent: 64 },
      { state: 'downloaded', version: '0.2.0' },
    ]);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    // A check now leaves the downloaded update as it is.
    expect(await updater.check()).toEqual({ state: 'downloaded', version: '0.2.0' });
  });

  it('reports a failed download and survives the updater’s error event', async () => {
    const { autoUpdater, updater } = setup([REMOTE_FEED]);
    autoUpdater.offers(REMOTE_FEED, '0.2.0');
    await updater.check();
    autoUpdater.downloadUpdate.mockImplementationOnce(async () => {
      autoUpdater.emit('error', new Error('sha512 checksum mismatch'));
      throw new Error('sha512 checksum mismatch');
    });

    expect((await updater.download()).ok).toBe(false);
    expect(updater.status()).toEqual({ state: 'failed', stage: 'download', version: '0.2.0' });
  });

  it('refuses to restart during a call, and restarts into the update after it', async () => {
    const { autoUpdater, updater, call } = setup([REMOTE_FEED], true);
    autoUpdater.offers(REMOTE_FEED, '0.2.0');
    expect(updater.install()).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    await updater.check();
    await updater.download();

    expect(updater.install()).toEqual({ ok: false, error: { code: 'BUSY', message: INSTALL_IN_CALL } });
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();

    call.inCall = false;
    expect(updater.install()).toEqual({ ok: true, data: null });
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });
});

describe('updates module', () => {
  function setup(remote: string | null = null) {
    const ipc = trustedIpc();
    const autoUpdater = new FakeAutoUpdater();
    let hosts: LanHost[] = [];
    const hostListeners = new Set<(hosts: LanHost[]) => void>();
    const sent: UpdateStatus[] = [];
    const module = updatesModule({
      registry: ipc.registry,
      events: { send: (_event, payload) => sent.push(payload as UpdateStatus) },
      autoUpdater,
      publisherKeys: FAKE_PUBLISHER_KEYS,
      version: '0.1.0',
      remoteOrigin: () => remote,
      lan: {
        lanHosts: () => hosts,
        onLanHostsChanged(listener) {
          hostListeners.add(listener);
          return () => hostListeners.delete(listener);
        },
      },
      inCall: () => false,
      logger,
    });
    const announce = (next: LanHost[]) => {
      hosts = next;
      for (const listener of hostListeners) listener(next);
    };
    return { ipc, autoUpdater, module, announce, sent };
  }

  it('checks at start, and again when a LAN host with a newer release appears', async () => {
    const { ipc, autoUpdater, module, announce, sent } = setup(REMOTE);
    autoUpdater.current(REMOTE_FEED, '0.1.0');
    const enabled = await module.enable();
    expect(await ipc.invoke('updates:check')).toEqual({ ok: true, data: { state: 'up-to-date' } });
    expect(sent.at(-1)).toEqual({ state: 'up-to-date' });

    announce([host('192.168.1.9', '0.1.0')]);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1);

    autoUpdater.offers('http://192.168.1.8:4780/updates/', '0.2.0');
    announce([host('192.168.1.8', '0.2.0')]);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(2);
    // Joins the check the new host started.
    await ipc.invoke('updates:check');
    expect(sent.at(-1)).toEqual({ state: 'available', version: '0.2.0', from: '192.168.1.8:4780' });
    expect(await ipc.invoke('updates:status')).toEqual({
      ok: true,
      data: { state: 'available', version: '0.2.0', from: '192.168.1.8:4780' },
    });

    await enabled.dispose();
    expect(ipc.channels()).toEqual([]);
  });

  it('answers "Check for updates", "Download" and "Restart to update" over IPC', async () => {
    const { ipc, autoUpdater, module } = setup(REMOTE);
    autoUpdater.current(REMOTE_FEED, '0.1.0');
    await module.enable();
    // Joins the check made at start.
    expect(await ipc.invoke('updates:check')).toEqual({ ok: true, data: { state: 'up-to-date' } });
    autoUpdater.offers(REMOTE_FEED, '0.2.0');

    expect(await ipc.invoke('updates:check')).toEqual({
      ok: true,
      data: { state: 'available', version: '0.2.0', from: '192.168.1.5:4780' },
    });
    expect(await ipc.invoke('updates:download')).toEqual({ ok: true, data: null });
    expect(await ipc.invoke('updates:install')).toEqual({ ok: true, data: null });
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledTimes(1);
  });
});
