/**
 * `presence:register`, `directory:list` and `config:ice-servers`: who is connected, and how to reach
 * them when a LAN path is not enough. Registration can also arrive in the handshake (`auth.presence`),
 * which the admission middleware validated already.
 */
import { ok, type Result } from '../../common/result';
import {
  presenceRegisterSchema,
  type DirectoryEntry,
  type PresenceStatus,
} from '../../common/signaling/presence';
import type { IceServers } from '../../common/signaling/signal';
import type { HandlerContext, SignalingSocket } from './context';
import { iceServersFor } from './ice';
import { noPayloadSchema, route, type RouteTable } from './route';

export interface PresenceInput {
  deviceId: string;
  name: string;
  status: PresenceStatus;
}

/**
 * Registers the socket; a socket already holding the device is told `presence:replaced` and closed,
 * so membership always equals live sockets and a device never appears twice.
 */
export function registerPresence(
  context: HandlerContext,
  socket: SignalingSocket,
  input: PresenceInput,
): DirectoryEntry {
  const { presence, rooms } = context;
  const { replaced, previous } = context.registerDevice(socket.id, input.deviceId, input.name, input.status);
  if (previous) context.broadcast('presence:left', { deviceId: previous });
  if (replaced) {
    context.replaceSocket(replaced, input.deviceId);
    context.metrics.connectionsRefused.inc({ reason: 'replaced' });
    context.log.info(
      { peer: socket.id, device: input.deviceId, replaced },
      'device connected again; closed its older socket',
    );
  }
  const entry = presence.entry(input.deviceId, (id) => rooms.roomOf(id) !== undefined);
  if (!entry) throw new Error('a device just registered has no directory entry');
  context.broadcast('presence:updated', entry);
  return entry;
}

type PresenceEvent = 'presence:register' | 'directory:list' | 'config:ice-servers';

/** The directory routes of one server. */
export function presenceRoutes(context: HandlerContext): Pick<RouteTable, PresenceEvent> {
  const { presence, rooms } = context;
  const inRoom = (id: string) => rooms.roomOf(id) !== undefined;
  return {
    'presence:register': route(presenceRegisterSchema, (socket, request): Result<DirectoryEntry> =>
      ok(registerPresence(context, socket, request)),
    ),

    'directory:list': route(noPayloadSchema, (): Result<DirectoryEntry[]> => ok(presence.entries(inRoom))),

    'config:ice-servers': route(noPayloadSchema, (socket): Result<IceServers> => {
      const id = presence.deviceOf(socket.id) ?? socket.id;
      return ok(iceServersFor(context.ice, id, context.now()));
    }),
  };
}
