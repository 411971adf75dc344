/**
 * `presence:register`, `directory:list` and `config:ice-servers`: who is connected, and how to reach
 * them when a LAN path is not enough. Registration can also arrive in the handshake (`auth.presence`),
 * which the admission middleware validated already.
 */
import type { Logger } from 'pino';
import { ok, type Result } from '../../common/result';
import {
  presenceRegisterSchema,
  type DirectoryEntry,
  type IceServers,
  type PresenceStatus,
} from '../../common/workspace';
import type { HandlerContext, SignalingSocket } from './context';
import { iceServersFor } from './ice';
import { noPayloadSchema, type Route } from './route';

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
  peerLog: Logger,
): DirectoryEntry {
  const { presence, rooms } = context;
  const { replaced, previous } = context.registerDevice(socket.id, input.deviceId, input.name, input.status);
  if (previous) context.broadcast('presence:left', { deviceId: previous });
  if (replaced) {
    context.replaceSocket(replaced, input.deviceId);
    context.metrics.connectionsRefused.inc({ reason: 'replaced' });
    peerLog.info({ device: input.deviceId, replaced }, 'device connected again; closed its older socket');
  }
  const entry = presence.entry(input.deviceId, (id) => rooms.roomOf(id) !== undefined);
  if (!entry) throw new Error('a device just registered has no directory entry');
  context.broadcast('presence:updated', entry);
  return entry;
}

export function registerPresenceHandlers(
  context: HandlerContext,
  socket: SignalingSocket,
  route: Route,
  peerLog: Logger,
): void {
  const { presence, rooms } = context;

  route('presence:register', presenceRegisterSchema, (request): Result<DirectoryEntry> => {
    return ok(registerPresence(context, socket, request, peerLog));
  });

  route('directory:list', noPayloadSchema, (): Result<DirectoryEntry[]> => {
    return ok(presence.entries((id) => rooms.roomOf(id) !== undefined));
  });

  route('config:ice-servers', noPayloadSchema, (): Result<IceServers> => {
    const id = presence.deviceOf(socket.id) ?? socket.id;
    return ok(iceServersFor(context.ice, id, context.now()));
  });
}
