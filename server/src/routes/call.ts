/**
 * `call:invite`, `call:accept`, `call:decline` and `call:cancel`. Each request names its sender, so in
 * a cluster the process that owns the call can run it for a socket of another process.
 */
import type { Logger } from 'pino';
import type { Result } from '../../../common/result';
import { callDeclineSchema, callInviteSchema, callRefSchema } from '../../../common/signaling/call';
import type { PresenceRegistry } from '../state/presence';
import type { CallActor, CallCommand } from '../transport/inter-server';
import type { SignalingSocket } from '../transport/io';
import type { CallService } from './call-service';
import { route, type Answer, type RouteTable } from './route';

type CallEvent = 'call:invite' | 'call:accept' | 'call:decline' | 'call:cancel';

export interface CallRouteParts {
  service: Pick<CallService, 'owns' | 'run'>;
  presence: PresenceRegistry;
  /**
   * In a cluster: runs the command in the process that owns the call (cluster/call-forwarding.ts);
   * null when this process runs alone.
   */
  forward: ((command: CallCommand) => Promise<Result<unknown>>) | null;
  log: Logger;
}

/** The call routes of one server. */
export function callRoutes(parts: CallRouteParts): Pick<RouteTable, CallEvent> {
  const { service, presence, forward, log } = parts;
  const actor = (socket: SignalingSocket): CallActor => ({
    socketId: socket.id,
    deviceId: presence.deviceOf(socket.id) ?? null,
  });
  const dispatch = (command: CallCommand): Answer<unknown> => {
    log.debug(
      { peer: command.actor.socketId, command: command.kind, call: command.callId ?? null },
      'call command',
    );
    const local = command.callId === undefined || service.owns(command.callId);
    return local || !forward ? service.run(command) : forward(command);
  };
  return {
    'call:invite': route(callInviteSchema, (socket, request) =>
      dispatch({ kind: 'invite', actor: actor(socket), ...request }),
    ),
    'call:accept': route(callRefSchema, (socket, request) =>
      dispatch({ kind: 'accept', actor: actor(socket), ...request }),
    ),
    'call:decline': route(callDeclineSchema, (socket, request) =>
      dispatch({ kind: 'decline', actor: actor(socket), ...request }),
    ),
    'call:cancel': route(callRefSchema, (socket, request) =>
      dispatch({ kind: 'cancel', actor: actor(socket), ...request }),
    ),
  };
}
