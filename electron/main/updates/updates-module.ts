/**
 * Updates, wired: the updater (updater.ts) over the feeds of the moment (the chosen server, the LAN
 * hosts advertising a newer version), its state pushed to our windows, and the four channels behind
 * "Check for updates", "Download" and "Restart to update". It checks once at start and again when a
 * LAN host with a newer version and release files appears; downloading and installing stay the user's
 * clicks.
 */
import type { Logger } from 'pino';
import type { LanHost } from '../../../common/ipc';
import { ok } from '../../../common/result';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import type { WindowEvents } from '../window';
import { feedCandidates } from './feeds';
import { createUpdater, type AutoUpdaterLike } from './updater';

/** The LAN hosts list as the hosting module keeps it. */
export interface LanHostsSource {
  lanHosts(): LanHost[];
  onLanHostsChanged(listener: (hosts: LanHost[]) => void): () => void;
}

export interface UpdatesModuleOptions {
  registry: IpcRegistry;
  events: WindowEvents;
  autoUpdater: AutoUpdaterLike;
  /** See UpdaterOptions.publisherKeys. */
  publisherKeys: readonly string[];
  /** This app's version. */
  version: string;
  /** The chosen server's origin; null on the embedded server. */
  remoteOrigin: () => string | null;
  lan: LanHostsSource;
  inCall: () => boolean;
  logger: Logger;
}

/** States in which a newly found source is worth an automatic check. */
const RECHECK_FROM = new Set(['idle', 'up-to-date', 'no-source', 'failed']);

export function updatesModule(options: UpdatesModuleOptions): AppModule {
  const { registry, events, lan } = options;
  return {
    name: 'updates',
    enable() {
      const feeds = (hosts = lan.lanHosts()): string[] =>
        feedCandidates({ remoteOrigin: options.remoteOrigin(), lanHosts: hosts, version: options.version });
      const updater = createUpdater({
        autoUpdater: options.autoUpdater,
        publisherKeys: options.publisherKeys,
        feeds,
        inCall: options.inCall,
        logger: options.logger,
      });
      const tried = new Set<string>();
      const check = (): void => {
        for (const feed of feeds()) tried.add(feed);
        void updater.check();
      };

      const stopPushing = updater.onChanged((status) => events.send('updates:changed', status));
      const stopWatching = lan.onLanHostsChanged((hosts) => {
        const fresh = feeds(hosts).some((feed) => !tried.has(feed));
        if (fresh && RECHECK_FROM.has(updater.status().state)) check();
      });
      const removeHandlers = registry.handle({
        'updates:status': () => ok(updater.status()),
        'updates:check': async () => {
          for (const feed of feeds()) tried.add(feed);
          return ok(await updater.check());
        },
        'updates:download': () => updater.download(),
        'updates:install': () => updater.install(),
      });
      check();

      return {
        dispose() {
          removeHandlers();
          stopWatching();
          stopPushing();
          updater.dispose();
        },
      };
    },
  };
}
