/**
 * The app's side of updating, over electron-updater with a `generic` feed: it checks the feeds in
 * order (feeds.ts), offers the first newer version, downloads it only when the user says so, and
 * restarts into it only when the user says so and no call is going on. Nothing is downloaded or
 * installed behind the user's back: `autoDownload` and `autoInstallOnAppQuit` are off.
 *
 * electron-updater's `autoUpdater` is injected (the composition root passes the real one), so this is
 * tested with a fake, and with a real `AppUpdater` against the standalone server's /updates/.
 */
import type { Logger } from 'pino';
import { err, ok, type Result } from '../../../common/result';
import type { UpdateStatus } from '../../../common/updates';
import { NOT_SIGNED, publisherKeys, signedFeedProvider, type SignedFeedOptions } from './signed-feed';

/** The slice of electron-updater's `AppUpdater` used here. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  disableDifferentialDownload: boolean;
  setFeedURL(options: SignedFeedOptions): void;
  /** null when this copy cannot update itself (not packaged, or an unknown package). */
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterOptions {
  autoUpdater: AutoUpdaterLike;
  /** The feed URLs to try now, best first (feeds.ts). */
  feeds: () => string[];
  /** Read before restarting: an update never ends a call. */
  inCall: () => boolean;
  /**
   * The publisher's public keys (PEM): a channel file must be signed by one (signed-feed.ts). None:
   * this copy does not update itself.
   */
  publisherKeys: readonly string[];
  logger: Logger;
}

export interface Updater {
  status(): UpdateStatus;
  /** Looks for a newer version; a check already running is joined, a download is left alone. */
  check(): Promise<UpdateStatus>;
  download(): Promise<Result<null>>;
  install(): Result<null>;
  onChanged(listener: (status: UpdateStatus) => void): () => void;
  dispose(): void;
}

/** electron-updater's code for a feed with no channel file: that server serves no updates. */
const CHANNEL_FILE_NOT_FOUND = 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND';

export const INSTALL_IN_CALL = 'Nearcast restarts to update: finish the call first.';
export const NOTHING_TO_DOWNLOAD = 'No newer version is offered: check for updates first.';
export const NOTHING_TO_INSTALL = 'No update has been downloaded yet.';

export function createUpdater(options: UpdaterOptions): Updater {
  const { autoUpdater } = options;
  const log = options.logger.child({ name: 'main:updates' });
  const listeners = new Set<(status: UpdateStatus) => void>();
  let current: UpdateStatus = { state: 'idle' };
  let checking: Promise<UpdateStatus> | null = null;

  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  // A differential download assembles the installer from block maps the signature does not cover;
  // the whole file is checked against the signed SHA-512.
  autoUpdater.disableDifferentialDownload = true;
  const keys = publisherKeys(options.publisherKeys);
  const updateProvider = signedFeedProvider(keys);

  const set = (next: UpdateStatus): UpdateStatus => {
    current = next;
    for (const listener of listeners) listener(next);
    return next;
  };
  // electron-updater also emits what its promises reject with; without a listener an 'error' event
  // would be thrown in the main process.
  const onError = (error: Error): void => log.debug({ err: error }, 'updater reported an error');
  const onProgress = ({ percent }: { percent: number }): void => {
    if (current.state !== 'downloading') return;
    const rounded = Math.min(100, Math.max(0, Math.floor(percent)));
    if (rounded !== current.percent) set({ ...current, percent: rounded });
  };
  autoUpdater.on('error', onError);
  autoUpdater.on('download-progress', onProgress);

  async function runCheck(): Promise<UpdateStatus> {
    if (keys.length === 0) return set({ state: 'unsupported' });
    const feeds = options.feeds();
    if (feeds.length === 0) return set({ state: 'no-source' });
    set({ state: 'checking' });
    let answered = false;
    let failed = false;
    let forged = false;
    for (const url of feeds) {
      autoUpdater.setFeedURL({ provider: 'custom', updateProvider, url });
      try {
        const result = await autoUpdater.checkForUpdates();
        if (result === null) return set({ state: 'unsupported' });
        if (result.isUpdateAvailable) {
          log.info({ feed: url, version: result.updateInfo.version }, 'a newer version is available');
          return set({ state: 'available', version: result.updateInfo.version, from: new URL(url).host });
        }
        answered = true;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === CHANNEL_FILE_NOT_FOUND) continue;
        if (code === NOT_SIGNED) {
          log.warn({ feed: url }, 'refused an update not signed by the publisher');
          forged = true;
          continue;
        }
        log.warn({ err: error, feed: url }, 'could not check for updates');
        failed = true;
      }
    }
    if (answered) return set({ state: 'up-to-date' });
    if (failed) return set({ state: 'failed', stage: 'check', version: null });
    return set(forged ? { state: 'failed', stage: 'signature', version: null } : { state: 'no-source' });
  }

  return {
    status: () => current,
    check() {
      if (current.state === 'downloading' || current.state === 'downloaded') return Promise.resolve(current);
      checking ??= runCheck().finally(() => (checking = null));
      return checking;
    },
    async download() {
      if (current.state !== 'available') return err('NOT_ALLOWED', NOTHING_TO_DOWNLOAD);
      const { version } = current;
      set({ state: 'downloading', version, percent: 0 });
      try {
        await autoUpdater.downloadUpdate();
        set({ state: 'downloaded', version });
        return ok(null);
      } catch (error) {
        log.warn({ err: error, version }, 'could not download the update');
        set({ state: 'failed', stage: 'download', version });
        return err('UNAVAILABLE', 'The update could not be downloaded.');
      }
    },
    install() {
      if (current.state !== 'downloaded') return err('NOT_ALLOWED', NOTHING_TO_INSTALL);
      if (options.inCall()) return err('BUSY', INSTALL_IN_CALL);
      log.info({ version: current.version }, 'restarting to install the update');
      // Silent: the user already chose to install; the installer runs without its wizard and the new
      // version starts when it is done.
      autoUpdater.quitAndInstall(true, true);
      return ok(null);
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      autoUpdater.removeListener('error', onError);
      autoUpdater.removeListener('download-progress', onProgress);
    },
  };
}
