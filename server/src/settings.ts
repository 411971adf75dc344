/**
 * Tunable bounds of one server instance. The CLI and the desktop app pass what they want; tests shrink
 * timeouts and rates so abuse paths run in milliseconds. Nothing here reads the environment.
 */
import {
  DEFAULT_CONNECTIONS_PER_ADDRESS,
  DEFAULT_EVENTS_PER_SECOND,
  DEFAULT_FORWARD_ABOVE,
  DEFAULT_FORWARDED_CAPACITY,
  DEFAULT_RATE_STRIKES,
  PRESENCE_COALESCE_MS,
  DEFAULT_RING_TIMEOUT_MS,
  DEFAULT_ROOM_CAPACITY,
} from '../../common/limits';
import type { IceServer } from '../../common/signaling/signal';
import type { ForwardingUnit } from './unit/forwarding-unit';

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

/**
 * Forwarding mode: when rooms carry media through the forwarding unit (docs/PROTOCOL.md, "Forwarding
 * mode"). How many may send at once (`maxSenders`) is the unit's own option, given when it is created.
 */
export interface ForwardingSettings {
  /** The running unit; null: every room is a mesh of at most `roomCapacity`, `present` is ignored. */
  unit: ForwardingUnit | null;
  /** The join that would bring a mesh room above this many people switches it; 0: never by size. */
  switchAbove: number;
  /** People in a forwarded room, the creator included. */
  capacity: number;
}

export const NO_FORWARDING: Readonly<ForwardingSettings> = {
  unit: null,
  switchAbove: DEFAULT_FORWARD_ABOVE,
  capacity: DEFAULT_FORWARDED_CAPACITY,
};

/**
 * Signaling events a member sends on joining a forwarded room, per other member (its data-only link's
 * offer, a few ICE candidates and its media state) and to the unit (two connections, each a
 * description and some twenty candidates on a machine with several interfaces).
 */
const JOIN_EVENTS_PER_MEMBER = 6;
const JOIN_EVENTS_TO_UNIT = 2 * 22;

/**
 * How many events one socket may send at once before the per-second rate applies. A mesh room of
 * `roomCapacity` fits in one second's budget; joining a forwarded room of 50 sends several hundred
 * signals in a burst, which the per-second budget alone would refuse and then disconnect for.
 */
export function eventBurst(limits: SignalingLimits, forwarding: ForwardingSettings): number {
  if (!forwarding.unit) return limits.eventsPerSecond;
  const joining = (forwarding.capacity - 1) * JOIN_EVENTS_PER_MEMBER + JOIN_EVENTS_TO_UNIT;
  return Math.max(limits.eventsPerSecond, joining);
}
