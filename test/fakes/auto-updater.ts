/**
 * A stand-in for electron-updater's `autoUpdater`: what the app sets on it is recorded, and the test
 * says what each check and download answers. Events are a real EventEmitter, so progress and errors
 * reach the app as they would.
 */
import { generateKeyPairSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { SignedFeedOptions } from '../../electron/main/updates/signed-feed';
import type { AutoUpdaterLike } from '../../electron/main/updates/updater';

/** A publisher key for apps whose updater is this fake: it reads no channel file, so it checks none. */
export const FAKE_PUBLISHER_KEYS: readonly string[] = [
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
];

type CheckResult = Awaited<ReturnType<AutoUpdaterLike['checkForUpdates']>>;

export class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  /** The feed set before each check, in order. */
  readonly feeds: string[] = [];
  /** Answers by feed URL: a result, or an error to throw. Feeds not listed answer null (not packaged). */
  readonly answers = new Map<string, CheckResult | Error>();
  disableDifferentialDownload = false;
  readonly setFeedURL = vi.fn((options: SignedFeedOptions) => {
    this.feeds.push(options.url);
  });
  readonly checkForUpdates = vi.fn(async (): Promise<CheckResult> => {
    const answer = this.answers.get(this.feeds.at(-1) ?? '') ?? null;
    if (answer instanceof Error) throw answer;
    return answer;
  });
  readonly downloadUpdate = vi.fn(async (): Promise<unknown> => ['/cache/Nearcast-setup.exe']);
  readonly quitAndInstall = vi.fn((_isSilent?: boolean, _isForceRunAfter?: boolean) => undefined);

  /** An update of `version` offered by `feed`. */
  offers(feed: string, version: string): this {
    this.answers.set(feed, { isUpdateAvailable: true, updateInfo: { version } });
    return this;
  }

  /** `feed` answers that no newer version exists. */
  current(feed: string, version: string): this {
    this.answers.set(feed, { isUpdateAvailable: false, updateInfo: { version } });
    return this;
  }

  /** `feed` has no channel file, as electron-updater reports a server without updates. */
  serves404(feed: string): this {
    this.answers.set(
      feed,
      Object.assign(new Error('Cannot find channel "latest.yml"'), {
        code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
      }),
    );
    return this;
  }
}
