/**
 * LAN discovery over mDNS/DNS-SD: while hosting, this app advertises `_nearcast._tcp`; every app browses
 * for the same type and keeps a live list of hosts, so people on the network can join without typing an
 * address. Received records are untrusted (anyone on the link can multicast): the TXT goes through
 * common/lan-txt, the address comes from the record's A answers, and whatever fails is ignored.
 *
 * bonjour-service is injected (the composition root passes a real `Bonjour`), so the logic here is
 * tested with a fake and the real multicast path is tested in a private network namespace.
 */
import type { Logger } from 'pino';
import type { LanHost } from '../../../common/ipc';
import { encodeLanTxt, LAN_SERVICE_TYPE, parseLanTxt } from '../../../common/lan-txt';
import type { HostingAdvertiser } from './hosting';
import { joinUrl } from './lan-addresses';

/** A service as bonjour-service's browser reports it (a structural slice of its `Service`). */
export interface DiscoveredService {
  readonly fqdn: string;
  readonly port: number;
  readonly addresses?: readonly string[];
  /** The TXT record's strings as received; bonjour-service sets it next to its own decoded `txt`. */
  readonly rawTxt?: unknown;
}

export interface BonjourBrowserLike {
  on(event: 'up' | 'down', listener: (service: DiscoveredService) => void): unknown;
  on(event: 'txt-update', listener: (service: DiscoveredService) => void): unknown;
  update(): void;
  expire(): void;
  stop(): void;
}

export interface PublishedServiceLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
  stop?: CallableFunction;
}

export interface BonjourLike {
  publish(config: {
    name: string;
    type: string;
    port: number;
    txt: Record<string, string>;
    disableIPv6?: boolean;
  }): PublishedServiceLike;
  find(config: { type: string }): BonjourBrowserLike;
  destroy(callback?: CallableFunction): void;
}

export interface LanDiscoveryOptions {
  bonjour: BonjourLike;
  /** The mDNS instance name: unique per app run, never shown to people. */
  instanceName: string;
  /** What people see in the list, e.g. the computer's name. */
  displayName: string;
  version: string;
  /** Read at publish time: whether joining needs an access code. */
  accessCode: () => boolean;
  fingerprint?: () => string | undefined;
  /** How often stale hosts are expired and the network asked again. */
  refreshMs?: number;
  logger: Logger;
}

export interface LanDiscovery {
  advertiser: HostingAdvertiser;
  startBrowsing(): void;
  hosts(): LanHost[];
  /** Called with the whole list on every change; returns an unsubscribe. */
  onChanged(listener: (hosts: LanHost[]) => void): () => void;
  dispose(): Promise<void>;
}

export const REFRESH_MS = 15_000;

/** TXT strings as bytes; bonjour-service gives an array of Buffers, anything else is not a TXT. */
function txtEntries(raw: unknown): Uint8Array[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.every((entry) => entry instanceof Uint8Array) ? (raw as Uint8Array[]) : null;
}

/** Prefers a routable IPv4 answer; IPv6 only when no IPv4 was given. Link-local never. */
function pickAddress(addresses: readonly string[] | undefined): string | null {
  const usable = (addresses ?? []).filter((a) => !a.startsWith('169.254.') && !/^fe80:/i.test(a));
  const v4 = usable.find((a) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a));
  if (v4) return v4;
  const v6 = usable.find((a) => a.includes(':'));
  return v6 ? `[${v6}]` : null;
}

/** A discovered service as a LanHost, or null when anything about it is malformed. */
export function toLanHost(service: DiscoveredService): LanHost | null {
  const entries = txtEntries(service.rawTxt);
  const txt = entries && parseLanTxt(entries);
  if (!txt || txt.port !== service.port) return null;
  const address = pickAddress(service.addresses);
  if (!address || typeof service.fqdn !== 'string' || service.fqdn.length > 255) return null;
  return {
    id: service.fqdn,
    name: txt.name,
    version: txt.v,
    accessCode: txt.ac === '1',
    fingerprint: txt.fp ?? null,
    address,
    port: service.port,
    // A host advertising its certificate serves HTTPS (and redirects plain HTTP to it).
    url: joinUrl(address, service.port, txt.fp ? 'https' : 'http'),
  };
}

export function createLanDiscovery(options: LanDiscoveryOptions): LanDiscovery {
  const { bonjour, instanceName } = options;
  const log = options.logger.child({ name: 'main:lan' });
  const hosts = new Map<string, LanHost>();
  const listeners = new Set<(hosts: LanHost[]) => void>();
  let published: PublishedServiceLike | null = null;
  let browser: BonjourBrowserLike | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  const list = (): LanHost[] => [...hosts.values()].sort((a, b) => a.name.localeCompare(b.name));
  const changed = (): void => {
    const current = list();
    for (const listener of listeners) listener(current);
  };
  const isOwn = (service: DiscoveredService): boolean =>
    service.fqdn.startsWith(`${instanceName}._${LAN_SERVICE_TYPE}._tcp`);

  function upsert(service: DiscoveredService): void {
    if (isOwn(service)) return;
    const host = toLanHost(service);
    if (!host) {
      log.debug({ fqdn: String(service.fqdn).slice(0, 80) }, 'ignored a malformed advertisement');
      if (hosts.delete(service.fqdn)) changed();
      return;
    }
    hosts.set(host.id, host);
    changed();
  }

  function unpublish(): Promise<void> {
    const service = published;
    published = null;
    if (!service?.stop) return Promise.resolve();
    const stop = service.stop;
    // stop() sends goodbye packets so browsers drop us at once instead of after the TTL.
    // Typed CallableFunction by bonjour-service; it takes an optional completion callback.
    return new Promise((resolve) => Reflect.apply(stop, service, [() => resolve()]));
  }

  return {
    advertiser: {
      publish(port) {
        if (published) return;
        const txt = encodeLanTxt({
          name: options.displayName,
          version: options.version,
          accessCode: options.accessCode(),
          fingerprint: options.fingerprint?.(),
          port,
        });
        published = bonjour.publish({ name: instanceName, type: LAN_SERVICE_TYPE, port, txt });
        published.on('error', (error) => log.warn({ err: error }, 'could not advertise on the LAN'));
        log.info({ port }, 'advertising on the LAN');
      },
      unpublish,
    },
    startBrowsing() {
      if (browser) return;
      const found = bonjour.find({ type: LAN_SERVICE_TYPE });
      browser = found;
      found.on('up', upsert);
      found.on('txt-update', upsert);
      found.on('down', (service) => {
        if (hosts.delete(service.fqdn)) changed();
      });
      timer = setInterval(() => {
        found.expire();
        found.update();
      }, options.refreshMs ?? REFRESH_MS);
      timer.unref?.();
    },
    hosts: list,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      clearInterval(timer);
      listeners.clear();
      browser?.stop();
      browser = null;
      await unpublish();
      await new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
    },
  };
}
