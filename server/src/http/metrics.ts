/**
 * Prometheus metrics for `/metrics`. Each server owns its own registry (never prom-client's global
 * one), so the desktop app, the CLI and tests with several servers in one process never mix figures.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { ForwardingUnit, UnitStats } from '../unit/forwarding-unit';

/** Live figures read at scrape time, so gauges can never drift from the real state. */
export interface MetricsSample {
  sockets: number;
  rooms: number;
  calls: number;
  devices: number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** Signals relayed to a peer. */
  readonly relayed: Counter<'kind'>;
  /**
   * Counts one relayed signal: a plain increment, added to `relayed` when scraped, since this runs
   * for every relayed message and a labelled prom-client increment hashes its labels each time.
   */
  countRelayed(kind: RelayKind): void;
  /** Requests answered with an error, by code (INVALID_PAYLOAD, RATE_LIMITED, WRONG_PIN...). */
  readonly refusals: Counter<'code'>;
  /** Connections refused or cut by the server, by reason (access_denied, rate_limit, replaced...). */
  readonly connectionsRefused: Counter<'reason'>;
  /** Events with a name no handler knows, dropped unanswered. */
  readonly unknownEvents: Counter;
}

/** The kinds of relayed signal (common/signaling/signal.ts), each counted under its own label. */
const RELAY_KINDS = ['description', 'candidate', 'media'] as const;
export type RelayKind = (typeof RELAY_KINDS)[number];

/** The unit's figures that are one number (not its per-track detail). */
type UnitFigure = { [K in keyof UnitStats]-?: UnitStats[K] extends number ? K : never }[keyof UnitStats];

/** The forwarding unit's figures under /metrics: gauges for what is live, counters for what it did. */
const UNIT_METRICS: readonly { name: string; help: string; key: UnitFigure; counter: boolean }[] = [
  {
    name: 'nearcast_unit_rooms',
    help: 'Rooms whose media goes through the forwarding unit.',
    key: 'rooms',
    counter: false,
  },
  {
    name: 'nearcast_unit_publishers',
    help: 'Members sending media to the forwarding unit.',
    key: 'publishers',
    counter: false,
  },
  {
    name: 'nearcast_unit_subscribers',
    help: 'Members receiving media from the forwarding unit.',
    key: 'subscribers',
    counter: false,
  },
  {
    name: 'nearcast_unit_packets_forwarded_total',
    help: 'RTP packets the forwarding unit sent to subscribers, retransmissions excluded.',
    key: 'packetsForwarded',
    counter: true,
  },
  {
    name: 'nearcast_unit_keyframe_requests_total',
    help: 'Keyframe requests the forwarding unit passed on to senders, as PLIs written to their connections.',
    key: 'keyframeRequests',
    counter: true,
  },
  {
    name: 'nearcast_unit_keyframe_requests_received_total',
    help: 'Keyframe requests (PLI/FIR) subscribers sent the forwarding unit, before it paced them.',
    key: 'keyframeRequestsReceived',
    counter: true,
  },
  {
    name: 'nearcast_unit_retransmissions_total',
    help: 'Packets the forwarding unit resent in answer to a NACK.',
    key: 'retransmissions',
    counter: true,
  },
  {
    name: 'nearcast_unit_stale_packets_total',
    help: 'Packets the forwarding unit read too late to forward (it was behind): dropped to catch up.',
    key: 'stalePackets',
    counter: true,
  },
];

/**
 * Registers the unit's figures, read from its worker at scrape time (one `stats()` per scrape, shared
 * by every figure). The unit's own totals are reported as Prometheus counters would be: Gauge-typed
 * metrics named `_total` would mislead, so counters are declared `counter` in the exposition.
 */
function registerUnitMetrics(registry: Registry, unit: ForwardingUnit): void {
  let scrape: Promise<UnitStats> | null = null;
  const read = async (): Promise<UnitStats> => {
    scrape ??= unit.stats().finally(() => queueMicrotask(() => (scrape = null)));
    return scrape;
  };
  for (const { name, help, key, counter } of UNIT_METRICS) {
    const collect = async function (this: Gauge | Counter) {
      const value = (await read())[key];
      if (this instanceof Gauge) this.set(value);
      else {
        this.reset();
        this.inc(value);
      }
    };
    if (counter) new Counter({ name, help, registers: [registry], collect });
    else new Gauge({ name, help, registers: [registry], collect });
  }
  new Counter({
    name: 'nearcast_unit_keyframe_requests_dropped_total',
    help: 'Keyframe requests the forwarding unit let through to a sender that no PLI carried, by reason.',
    labelNames: ['reason'],
    registers: [registry],
    async collect() {
      const dropped = (await read()).keyframeRequestsDropped;
      this.reset();
      for (const [reason, count] of Object.entries(dropped ?? {})) this.inc({ reason }, count);
    },
  });
}

/** `unit`: the forwarding unit whose figures /metrics shows too; null when the server runs none. */
export function createMetrics(
  sample: () => MetricsSample,
  unit: ForwardingUnit | null = null,
): ServerMetrics {
  const registry = new Registry();
  if (unit) registerUnitMetrics(registry, unit);
  const pending: Record<RelayKind, number> = { description: 0, candidate: 0, media: 0 };
  const gauge = (name: string, help: string, read: (s: MetricsSample) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(sample()));
      },
    });
  gauge('nearcast_sockets', 'Connected Socket.IO clients.', (s) => s.sockets);
  gauge('nearcast_rooms', 'Rooms and calls with at least one member.', (s) => s.rooms);
  gauge('nearcast_calls', 'Calls ringing or in progress.', (s) => s.calls);
  gauge('nearcast_devices', 'Devices registered in the presence directory.', (s) => s.devices);
  return {
    registry,
    relayed: new Counter({
      name: 'nearcast_relayed_messages_total',
      help: 'Signals relayed between peers.',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        for (const kind of RELAY_KINDS) {
          if (pending[kind] > 0) this.inc({ kind }, pending[kind]);
          pending[kind] = 0;
        }
      },
    }),
    countRelayed(kind) {
      pending[kind] += 1;
    },
    refusals: new Counter({
      name: 'nearcast_refusals_total',
      help: 'Requests answered with an error, by error code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    connectionsRefused: new Counter({
      name: 'nearcast_connections_refused_total',
      help: 'Connections refused at the handshake or cut by the server, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    unknownEvents: new Counter({
      name: 'nearcast_unknown_events_total',
      help: 'Client events with an unknown name, dropped without an answer.',
      registers: [registry],
    }),
  };
}
