/**
 * `presence:register` and `directory:list`: who is connected. Registration can also arrive in the
 * handshake (`auth.presence`, guests only), which admission validated already; both go through
 * {@link createRegistration}, so a device never appears twice and nobody displaces another's device.
 */
import type { Logger } from 'pino';
import { err, ok, type Result } from '../../../common/result';
import {
  KEYED_DEVICE_PREFIX,
  presenceRegisterSchema,
  type DirectoryEntry,
} from '../../../common/signaling/presence';
import type { ServerMetrics } from '../http/metrics';
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { PresenceRegistry } from '../state/presence';
import type { RoomRegistry } from '../state/rooms';
import type { PresenceInput, SignalingSocket } from '../transport/io';
import { provesDevice } from './device-proof';
import { noPayloadSchema, route, type RouteTable } from './route';

/** Registers a socket in the directory and tells everyone its entry, or says why not. */
export type Register = (socket: SignalingSocket, input: PresenceInput) => Result<DirectoryEntry>;

export interface RegistrationParts {
  presence: PresenceRegistry;
  rooms: RoomRegistry;
  directory: Pick<Directory, 'register' | 'replace'>;
  delivery: Pick<Delivery, 'broadcast'>;
  metrics: Pick<ServerMetrics, 'connectionsRefused'>;
  log: Logger;
}

/**
 * Registration of one server. A keyed device id needs the proof of its key on this connection; an
 * unverified guest's id may not be keyed and may not be held by another socket. A proven device
 * already held by another socket moves here: that socket is told `presence:replaced` and closed, so
 * membership always equals live sockets and a device never appears twice.
 */
export function createRegistration(parts: RegistrationParts): Register {
  const { presence, rooms, directory, delivery, metrics, log } = parts;
  return (socket, input) => {
    const proven =
      input.proof !== undefined && provesDevice(input.deviceId, input.proof, socket.data.challenge);
    const holder = presence.socketOf(input.deviceId);
    const refused = input.proof
      ? !proven
      : input.deviceId.startsWith(KEYED_DEVICE_PREFIX) || (holder !== undefined && holder !== socket.id);
    if (refused) {
      log.info(
        { peer: socket.id, device: input.deviceId, proof: input.proof !== undefined },
        'refused a device registration',
      );
      return err(
        'NOT_ALLOWED',
        input.proof || input.deviceId.startsWith(KEYED_DEVICE_PREFIX)
          ? 'This device id can only be registered with its device key.'
          : 'This device id is connected elsewhere.',
      );
    }
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
    return ok(entry);
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
      register(socket, request),
    ),

    'directory:list': route(noPayloadSchema, (): Result<DirectoryEntry[]> => ok(presence.entries(inRoom))),
  };
}
