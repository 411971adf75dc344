/**
 * `config:ice-servers`: how to reach peers when a LAN path is not enough. LAN calls need no ICE
 * server; across subnets or through a strict firewall a TURN relay does, and coturn's
 * `use-auth-secret` mode lets us mint short-lived credentials (the "TURN REST API" scheme) so no
 * long-term TURN password ever reaches a browser.
 */
import { createHmac } from 'node:crypto';
import { ok, type Result } from '../../../common/result';
import type { IceServers } from '../../../common/signaling/signal';
import type { IceConfig } from '../settings';
import type { PresenceRegistry } from '../state/presence';
import { noPayloadSchema, route, type RouteTable } from './route';

export interface TurnCredentials {
  username: string;
  credential: string;
  /** Unix time in seconds. */
  expiresAt: number;
}

/**
 * `username = expiry:id`, `credential = base64(HMAC-SHA1(secret, username))`: exactly what coturn
 * recomputes from its `static-auth-secret`, refusing the pair once `expiry` is in the past.
 */
export function turnCredentials(
  secret: string,
  id: string,
  ttlSeconds: number,
  nowMs: number,
): TurnCredentials {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

/** The list one client receives; `id` (device or socket id) ties TURN usage to someone in logs. */
export function iceServersFor(config: IceConfig, id: string, nowMs: number): IceServers {
  const iceServers = config.servers.map((server) => ({ ...server, urls: [...server.urls] }));
  if (!config.turn) return { iceServers, expiresAt: null };
  const issued = turnCredentials(config.turn.secret, id, config.turn.ttlSeconds, nowMs);
  iceServers.push({ urls: [...config.turn.urls], username: issued.username, credential: issued.credential });
  return { iceServers, expiresAt: issued.expiresAt };
}

export interface ConfigRouteParts {
  /** Credentials name the device (or, unregistered, the socket) they were issued to. */
  presence: PresenceRegistry;
  ice: IceConfig;
  /** Wall clock, injectable so TURN credential expiry is testable. */
  now: () => number;
}

/** The configuration route of one server. */
export function configRoutes(parts: ConfigRouteParts): Pick<RouteTable, 'config:ice-servers'> {
  const { presence, ice, now } = parts;
  return {
    'config:ice-servers': route(noPayloadSchema, (socket): Result<IceServers> => {
      const id = presence.deviceOf(socket.id) ?? socket.id;
      return ok(iceServersFor(ice, id, now()));
    }),
  };
}
