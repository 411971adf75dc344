/**
 * Prometheus metrics for `/metrics`. Each server owns its own registry (never prom-client's global
 * one), so the desktop app, the CLI and tests with several servers in one process never mix figures.
 */
import { Counter, Gauge, Registry } from 'prom-client';

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

export function createMetrics(sample: () => MetricsSample): ServerMetrics {
  const registry = new Registry();
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
