/**
 * Tunable bounds of one server instance. The CLI and the desktop app pass what they want; tests shrink
 * timeouts and rates so abuse paths run in milliseconds. Nothing here reads the environment.
 */
import {
  DEFAULT_CONNECTIONS_PER_ADDRESS,
  DEFAULT_EVENTS_PER_SECOND,
  DEFAULT_RATE_STRIKES,
  PRESENCE_COALESCE_MS,
  DEFAULT_RING_TIMEOUT_MS,
  DEFAULT_ROOM_CAPACITY,
} from '../../common/limits';
import type { IceServer } from '../../common/signaling/signal';

export interface SignalingLimits {
  /** Participants per room or call, the creator included. */
  roomCapacity: number;
  /** How long an unanswered invitation rings. */
  ringTimeoutMs: number;
  /** Events one socket may send per second before it is answered RATE_LIMITED. */
  eventsPerSecond: number;
  /** Rate-limited events within RATE_STRIKE_WINDOW_S after which the socket is disconnected. */
  rateStrikes: number;
  /** Connections one client address may hold at once; the next is refused TOO_MANY_CONNECTIONS. */
  connectionsPerAddress: number;
  /** At most one `presence:updated` per device within this long (replica/presence-fanout.ts). */
  presenceIntervalMs: number;
}

export const DEFAULT_LIMITS: Readonly<SignalingLimits> = {
  roomCapacity: DEFAULT_ROOM_CAPACITY,
  ringTimeoutMs: DEFAULT_RING_TIMEOUT_MS,
  eventsPerSecond: DEFAULT_EVENTS_PER_SECOND,
  rateStrikes: DEFAULT_RATE_STRIKES,
  connectionsPerAddress: DEFAULT_CONNECTIONS_PER_ADDRESS,
  presenceIntervalMs: PRESENCE_COALESCE_MS,
};

/** TURN REST credentials (coturn `use-auth-secret`): the secret never leaves the server. */
export interface TurnConfig {
  urls: string[];
  secret: string;
  /** Lifetime of issued credentials. */
  ttlSeconds: number;
}

export interface IceConfig {
  /** Handed to every client as is (STUN, or TURN with static credentials). */
  servers: IceServer[];
  turn: TurnConfig | null;
}

export const NO_ICE: Readonly<IceConfig> = { servers: [], turn: null };
