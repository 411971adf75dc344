/**
 * What the signaling client tells the stores, already validated: the server's notifications under the
 * names they have on the wire (typed from `ServerToClientEvents`), and the client's own news about the
 * connection under `connection:*`, a domain the server never uses.
 */
import type { ResultError } from '../../../common/result';
import type { ServerToClientEvents } from '../../../common/signaling/events';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * The server notifications that reach the stores. The rest (`session:features`, `signal:refused`,
 * `session:welcome`, `server:shutdown`) are about the connection itself and stay in the client.
 */
export const SERVER_NOTIFICATIONS = [
  'peer:joined',
  'peer:left',
  'signal',
  'room:removed',
  'room:pin-failures',
  'room:updated',
  'room:unmute-asked',
  'room:mode',
  'unit:signal',
  'presence:updated',
  'presence:left',
  'presence:replaced',
  'presence:refused',
  'call:ringing',
  'call:declined',
  'call:ended',
] as const satisfies readonly (keyof ServerToClientEvents)[];

export type ServerNotification = (typeof SERVER_NOTIFICATIONS)[number];

/** Each notification's payload, exactly as the server's event map declares it. */
export type ServerNotifications = {
  [K in ServerNotification]: Parameters<ServerToClientEvents[K]>[0];
};

/** News the client itself produces about its connection; none of it comes from the server as such. */
export interface ConnectionEvents {
  'connection:status': ConnectionStatus;
  /** The connection came back after a drop: room membership on the server is gone and must be rebuilt. */
  'connection:reconnected': void;
  /** The server's admission refused us (access code, bad registration); it will not retry by itself. */
  'connection:refused': ResultError;
  /**
   * This connection's registration challenge arrived (`session:features`): a keyed device signs it to
   * register; null from a server older than device keys, which takes a registration without proof.
   */
  'connection:challenge': string | null;
}

export type SignalingEvents = ServerNotifications & ConnectionEvents;

type Disjoint<Shared extends never> = Shared;
/** Compiles only while no client-side name is also a server event's (one would pass for the other). */
type _ClientNamesAreFree = Disjoint<Extract<keyof ConnectionEvents, keyof ServerToClientEvents>>;
