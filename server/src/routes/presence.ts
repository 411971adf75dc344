/**
 * `presence:register` and `directory:list`: who is connected. Registration can also arrive in the
 * handshake (`auth.presence`), which admission validated already; both go through
 * {@link createRegistration}, so a device never appears twice.
 */
import type { Logger } from 'pino';
import { ok, type Result } from '../../../common/result';
import { presenceRegisterSchema, type DirectoryEntry } from '../../../common/signaling/presence';
import type { ServerMetrics } from '../http/metrics';
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { PresenceRegistry } from '../state/presence';
import type { RoomRegistry } from '../state/rooms';
import type { PresenceInput, SignalingSocket } from '../transport/io';
import { noPayloadSchema, route, type RouteTable } from './route';

/** Registers a socket in the directory and tells everyone its entry. */
export type Register = (socket: SignalingSocket, input: PresenceInput) => DirectoryEntry;

export interface RegistrationParts {
  presence: PresenceRegistry;
  rooms: RoomRegistry;
  directory: Pick<Directory, 'register' | 'replace'>;
  delivery: Pick<Delivery, 'broadcast'>;
  metrics: Pick<ServerMetrics, 'connectionsRefused'>;
  log: Logger;
}

/**
 * Registration of one server: a socket already holding the device is told `presence:replaced` and
 * closed, so membership always equals live sockets and a device never appears twice.
 */
export function createRegistration(parts: RegistrationParts): Register {
  const { presence, rooms, directory, delivery, metrics, log } = parts;
  return (socket, input) => {
    const { replaced, previous } = directory.register(socket.id, input.deviceId, input.name, input.status);
    if (previous) delivery.broadcast('presence:left', { deviceId: previous });
    if (replaced) {
      directory.replace(replaced, input.deviceId);
      metrics.connectionsRefused.inc({ reason: 'replaced' });
      log.info(
        { peer: socket.id, device: input.deviceId, replaced },
        'device connected again; closed its older socket',
      );
    }
    const entry = presence.entry(input.deviceId, (id) => rooms.roomOf(id) !== undefined);
    if (!entry) throw new Error('a device just registered has no directory entry');
    delivery.broadcast('presence:updated', entry);
    return entry;
  };
}

export interface PresenceRouteParts {
  presence: PresenceRegistry;
  rooms: RoomRegistry;
  register: Register;
}

/** The directory routes of one server. */
export function presenceRoutes(
  parts: PresenceRouteParts,
): Pick<RouteTable, 'presence:register' | 'directory:list'> {
  const { presence, rooms, register } = parts;
  const inRoom = (id: string) => rooms.roomOf(id) !== undefined;
  return {
    'presence:register': route(presenceRegisterSchema, (socket, request): Result<DirectoryEntry> =>
      ok(register(socket, request)),
    ),

    'directory:list': route(noPayloadSchema, (): Result<DirectoryEntry[]> => ok(presence.entries(inRoom))),
  };
}
