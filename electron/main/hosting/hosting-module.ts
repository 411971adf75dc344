/**
 * The LAN, both ways: "Host on this computer" (a second listener that lets guests reach the embedded
 * server, advertised over mDNS) and the live list of other Nearcast hosts on the network. Changes of
 * either are pushed to our windows as events; the channels start, stop and read them.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { Logger } from 'pino';
import { ok } from '../../../common/result';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import type { LanHostsSource } from '../updates/updates-module';
import type { SettingsStore } from '../settings';
import type { WindowEvents } from '../window';
import { createHosting, lanGatewayOf, type GatewayServer } from './hosting';
import { createLanDiscovery, type BonjourLike } from './lan-discovery';

/** Every interface: guests come from the LAN. Loopback alone would only ever admit this computer. */
export const LAN_HOST = '0.0.0.0';

export interface HostingModuleOptions {
  registry: IpcRegistry;
  events: WindowEvents;
  /** The running embedded server: LAN guests are handed to it, so they share the window's rooms. */
  server: GatewayServer;
  bonjour: BonjourLike;
  lan: {
    /** mDNS instance name, unique per run. */
    instanceName: string;
    /** What other people see in their LAN hosts list (the computer's name). */
    displayName: string;
  };
  /** The app's version, advertised so others can tell an incompatible host. */
  version: string;
  /** Where hosting listens: LAN_HOST unless a test keeps it on loopback. */
  listenHost: string;
  /** The port that last worked is asked for first. */
  settings: Pick<SettingsStore, 'get' | 'set'>;
  networkInterfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** URL → PNG data URL. */
  makeQrCode: (url: string) => Promise<string>;
  logger: Logger;
}

/** What the rest of the app reads from this module: the LAN hosts list (updates look there). */
export type Lan = LanHostsSource;

export function hostingModule(options: HostingModuleOptions): AppModule<Lan & { dispose(): Promise<void> }> {
  const { registry, events, settings, logger } = options;
  return {
    name: 'hosting',
    enable() {
      const lan = createLanDiscovery({
        bonjour: options.bonjour,
        ...options.lan,
        version: options.version,
        // The embedded server has no access code yet; the TXT already carries the flag for when it does.
        accessCode: () => false,
        logger,
      });
      const hosting = createHosting({
        gateway: lanGatewayOf(options.server),
        listenHost: options.listenHost,
        defaultPort: () => settings.get('hostingPort') ?? undefined,
        interfaces: options.networkInterfaces,
        makeQrCode: options.makeQrCode,
        advertiser: lan.advertiser,
        logger,
      });
      hosting.onChanged((status) => events.send('hosting:changed', status));
      lan.onChanged((hosts) => events.send('lan:hosts-changed', hosts));
      lan.startBrowsing();

      const removeHandlers = registry.handle({
        'hosting:start': async (request) => {
          const result = await hosting.start(request);
          // A port the user typed and that worked is the one to try first next time.
          if (result.ok && request.port !== undefined) settings.set('hostingPort', result.data.port);
          return result;
        },
        'hosting:stop': () => hosting.stop(),
        'hosting:status': () => ok(hosting.status()),
        'lan:list-hosts': () => ok(lan.hosts()),
      });
      return {
        lanHosts: () => lan.hosts(),
        onLanHostsChanged: (listener) => lan.onChanged(listener),
        async dispose() {
          removeHandlers();
          // Guests first, told the host is leaving; then the mDNS goodbye and the browser.
          await hosting.dispose();
          await lan.dispose();
        },
      };
    },
  };
}
