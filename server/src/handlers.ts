/**
 * Wires every domain's handlers to each new socket, and owns the one disconnect path, so leaving
 * a room, ending rings and leaving the directory always happen together and in the same order.
 */
import type { Logger } from 'pino';
import type { CallService } from './calls';
import type { HandlerContext, SignalingSocket } from './context';
import { guardSocket, type RateGuard } from './guard';
import { registerPresence, registerPresenceHandlers, type PresenceInput } from './presence-handlers';
import { RECOVERABLE_REASONS } from './recovery';
import { registerRoomHandlers } from './room-handlers';
import { createRouter } from './route';

export type { SignalingIo, SignalingSocket } from './context';

export function registerSignalingHandlers(
  context: HandlerContext,
  calls: CallService,
  guard: RateGuard,
): void {
  const { io, log } = context;

  function attach(socket: SignalingSocket): void {
    // Before anything else, so a client knows how it may signal before it can be in a room.
    socket.emit('session:features', { signalWithoutAck: true });
    const peerLog: Logger = log.child({ peer: socket.id });
    guardSocket(context, socket, guard, peerLog);
    const route = createRouter(context, socket, peerLog);
    registerRoomHandlers(context, socket, route, peerLog);
    registerPresenceHandlers(context, socket, route, peerLog);
    calls.attach(socket, route, peerLog);

    const cleanUp = (reason: string) => {
      try {
        // Presence first, so leaving the room does not broadcast a status for a device that is gone.
        const deviceId = context.unregisterDevice(socket.id);
        const departure = context.depart(socket.id);
        if (deviceId !== null) context.broadcast('presence:left', { deviceId });
        peerLog.debug({ reason, room: departure?.room ?? null }, 'client disconnected');
      } catch (error) {
        peerLog.error({ err: error }, 'could not clean up after disconnect');
      }
    };
    socket.on('disconnect', (reason) => {
      if (context.recoveryWindowMs > 0 && RECOVERABLE_REASONS.has(reason)) {
        peerLog.debug({ reason }, 'client dropped; keeping its state while it may recover');
        context.away.hold(socket.id, context.recoveryWindowMs, () => cleanUp(reason));
        return;
      }
      cleanUp(reason);
    });

    if (socket.recovered && context.away.resume(socket.id)) {
      peerLog.debug('client recovered its session');
      return;
    }

    if (context.recoveryWindowMs > 0) {
      // A client can only resume from an offset it received, so every session starts with one.
      io.to(socket.id).emit('session:welcome', {
        peerId: socket.id,
        recoveryWindowMs: context.recoveryWindowMs,
      });
    }
    const handshakePresence = (socket.data as { presence?: PresenceInput }).presence;
    if (handshakePresence) {
      try {
        registerPresence(context, socket, handshakePresence, peerLog);
      } catch (error) {
        peerLog.error({ err: error }, 'could not register handshake presence');
      }
    }
    peerLog.debug({ address: socket.handshake.address }, 'client connected');
  }

  io.on('connection', attach);
}
