/**
 * The LAN, both ways: "Host on this computer" (a second listener that lets guests reach the embedded
 * server over HTTPS, behind the host's access code and approval, advertised over mDNS) and the live
 * list of other Nearcast hosts on the network. Changes of either, and guests knocking, are pushed to
 * our windows as events; the channels start, stop and read them and answer the knocks.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { Logger } from 'pino';
import { err, ok } from '../../../common/result';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import type { LanHostsSource } from '../updates/updates-module';
import type { SettingsStore } from '../settings';
import type { WindowEvents } from '../window';
import { createGuestAdmission, type GuestAdmissionOptions } from './guest-admission';
import { createHosting, lanGatewayOf, type GatewayServer } from './hosting';
import { lanAddresses } from './lan-addresses';
import { createLanDiscovery, type BonjourLike } from './lan-discovery';

/** Every interface: guests come from the LAN. Loopback alone would only ever admit this computer. */
export const LAN_HOST = '0.0.0.0';

export interface HostingModuleOptions {
  registry: IpcRegistry;
  events: WindowEvents;
  /** The running embedded server: LAN guests are handed to it, so they share the window's rooms. */
  server: GatewayServer;
  /** The forwarding unit's security code (common/unit-code.ts); null when the app runs no unit. */
  unitCode?: string | null;
  /** Where the guests' certificate is kept (a folder under the app's userData). */
  certificateDir: string;
  /** Tests: a lobby whose timer they fire, a certificate made without the disk. */
  admission?: Pick<GuestAdmissionOptions, 'lobby' | 'loadCertificate'>;
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
  /** The port that last worked is asked for first; the access code and switches are kept there. */
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
      const admission = createGuestAdmission({
        settings,
        certificateDir: options.certificateDir,
        addresses: () => lanAddresses(options.networkInterfaces()).map(({ address }) => address),
        ...options.admission,
      });
      const lan = createLanDiscovery({
        bonjour: options.bonjour,
        ...options.lan,
        version: options.version,
        accessCode: () => admission.current().accessCode !== null,
        // Read when hosting publishes, so `hosting` below exists by then.
        fingerprint: () => {
          const status = hosting.status();
          return status.active ? status.fingerprint256 : undefined;
        },
        logger,
      });
      const hosting = createHosting({
        gateway: lanGatewayOf(options.server),
        listenHost: options.listenHost,
        defaultPort: () => settings.get('hostingPort') ?? undefined,
        interfaces: options.networkInterfaces,
        makeQrCode: options.makeQrCode,
        certificate: () => admission.certificate(),
        admission: () => admission.current(),
        unitCode: options.unitCode,
        advertiser: lan.advertiser,
        logger,
      });
      options.server.setGuestGate(admission.gate((connection) => hosting.isGuest(connection)));
      hosting.onChanged((status) => {
        // Hosting stopped: nobody waits any more, and a ticket let in this time is no pass next time.
        if (!status.active) admission.lobby.reset();
        events.send('hosting:changed', status);
      });
      admission.lobby.onChanged((knocks) => events.send('hosting:knocks-changed', knocks));
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
        'hosting:get-admission': () => ok(admission.settings()),
        'hosting:set-admission': async (next) => {
          const saved = admission.setSettings(next);
          await hosting.refresh();
          return ok(saved);
        },
        'hosting:new-code': async () => {
          admission.newCode();
          await hosting.refresh();
          return ok(hosting.status());
        },
        'hosting:list-knocks': () => ok(admission.lobby.pending()),
        'hosting:answer-knock': ({ id, allow }) =>
          admission.lobby.answer(id, allow)
            ? ok(null)
            : err('UNAVAILABLE', 'That guest is no longer waiting.'),
        'lan:list-hosts': () => ok(lan.hosts()),
      });
      return {
        lanHosts: () => lan.hosts(),
        onLanHostsChanged: (listener) => lan.onChanged(listener),
        async dispose() {
          removeHandlers();
          // Guests first, told the host is leaving; then the mDNS goodbye and the browser.
          await hosting.dispose();
          admission.lobby.reset();
          options.server.setGuestGate(null);
          await lan.dispose();
        },
      };
    },
  };
}
