/**
 * `--advertise`: the standalone server announces itself on the LAN as `_nearcast._tcp` over mDNS, with
 * the same TXT record a desktop host sends (common/lan-txt), so desktop apps list it to join and, when it
 * serves release files (`up=1`), update from it on a network with no internet.
 *
 * bonjour-service is passed in (cli.ts loads the real one only when the option is set), so this is
 * tested with a fake and the real multicast path in private network namespaces (test/e2e/mdns.e2e.ts).
 * Nothing here imports the desktop app: the structural types below are the slice of bonjour-service
 * this module uses.
 */
import type { Logger } from 'pino';
import { encodeLanTxt, LAN_SERVICE_TYPE } from '../../../common/lan-txt';

/** A published service as bonjour-service returns it. */
export interface AdvertisedServiceLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Sends goodbye packets, then calls back; typed CallableFunction by bonjour-service. */
  stop?: CallableFunction;
}

/** The part of bonjour-service's `Bonjour` that advertising needs. */
export interface AdvertisingBonjour {
  publish(config: {
    name: string;
    type: string;
    port: number;
    txt: Record<string, string>;
  }): AdvertisedServiceLike;
  destroy(callback?: CallableFunction): void;
}

export interface LanAdvertOptions {
  bonjour: AdvertisingBonjour;
  /** The mDNS instance name: unique on the link, never shown to people. */
  instanceName: string;
  /** What people see in the desktop app's list of hosts: the machine's name. */
  displayName: string;
  /** The version of this server's package: an app older than it may update here when `updates`. */
  version: string;
  port: number;
  accessCode: boolean;
  /** SHA-256 of the TLS certificate when the server serves HTTPS; apps then connect over https://. */
  fingerprint: string | null;
  /** The server serves release files at /updates/ (`--updates`). */
  updates: boolean;
  logger: Logger;
}

export interface LanAdvert {
  /** The TXT record sent, as key=value pairs. */
  readonly txt: Readonly<Record<string, string>>;
  /**
   * Stops advertising: goodbye packets first, so browsers drop the server at once rather than after
   * the record's TTL, then the multicast socket closes. Safe to call twice.
   */
  stop(): Promise<void>;
}

/** Publishes the server's record now; a failure to advertise is logged, never fatal to the server. */
export function startLanAdvert(options: LanAdvertOptions): LanAdvert {
  const { bonjour, port } = options;
  const log = options.logger.child({ name: 'server:advertise' });
  const txt = encodeLanTxt({
    name: options.displayName,
    version: options.version,
    accessCode: options.accessCode,
    fingerprint: options.fingerprint ?? undefined,
    port,
    updates: options.updates,
  });
  const service = bonjour.publish({ name: options.instanceName, type: LAN_SERVICE_TYPE, port, txt });
  service.on('error', (error) => log.warn({ err: error }, 'could not advertise on the LAN'));
  log.info({ port, txt }, 'advertising on the LAN');

  let stopping: Promise<void> | null = null;
  return {
    txt,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const stopService = service.stop;
        if (!stopService) return resolve();
        Reflect.apply(stopService, service, [() => resolve()]);
      }).then(() => new Promise<void>((resolve) => bonjour.destroy(() => resolve())));
      return stopping;
    },
  };
}
