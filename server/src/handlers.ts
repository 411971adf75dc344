/**
 * Wires every domain's routes to each new socket, and owns the one disconnect path, so leaving
 * a room, ending rings and leaving the directory always happen together and in the same order.
 *
 * A socket gets one middleware closure and one shared disconnect listener, nothing else: the routes,
 * the gate and the listener are built once per server and take the socket as an argument.
 */
import type { DisconnectReason } from 'socket.io';
import type { CallService } from './calls';
import type { HandlerContext, SignalingSocket } from './context';
import { createPacketGate, type RateGuard } from './guard';
import { presenceRoutes, registerPresence, type PresenceInput } from './presence-handlers';
import { RECOVERABLE_REASONS } from './recovery';
import { roomRoutes } from './room-handlers';
import type { RouteTable } from './route';

export type { SignalingIo, SignalingSocket } from './context';

export function registerSignalingHandlers(
  context: HandlerContext,
  calls: CallService,
  guard: RateGuard,
): void {
  const { io, log } = context;
  const routes: RouteTable = { ...roomRoutes(context), ...presenceRoutes(context), ...calls.routes() };
  const gate = createPacketGate(context, guard, routes);

  function cleanUp(socketId: string, reason: string): void {
    try {
      // Presence first, so leaving the room does not broadcast a status for a device that is gone.
      const deviceId = context.unregisterDevice(socketId);
      const departure = context.depart(socketId);
      if (deviceId !== null) context.broadcast('presence:left', { deviceId });
      log.debug({ peer: socketId, reason, room: departure?.room ?? null }, 'client disconnected');
    } catch (error) {
      log.error({ err: error, peer: socketId }, 'could not clean up after disconnect');
    }
  }

  // Socket.IO calls listeners with the socket as `this`, so one function serves every socket.
  function onDisconnect(this: SignalingSocket, reason: DisconnectReason): void {
    const socketId = this.id;
    guard.forget(socketId);
    if (context.recoveryWindowMs > 0 && RECOVERABLE_REASONS.has(reason)) {
      log.debug({ peer: socketId, reason }, 'client dropped; keeping its state while it may recover');
      context.away.hold(socketId, context.recoveryWindowMs, () => cleanUp(socketId, reason));
      return;
    }
    cleanUp(socketId, reason);
  }

  function attach(socket: SignalingSocket): void {
    // Before anything else, so a client knows how it may signal before it can be in a room.
    socket.emit('session:features', { signalWithoutAck: true });
    socket.use((packet) => gate(socket, packet));
    socket.on('disconnect', onDisconnect);

    if (socket.recovered && context.away.resume(socket.id)) {
      log.debug({ peer: socket.id }, 'client recovered its session');
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
        registerPresence(context, socket, handshakePresence);
      } catch (error) {
        log.error({ err: error, peer: socket.id }, 'could not register handshake presence');
      }
    }
    log.debug({ peer: socket.id, address: socket.handshake.address }, 'client connected');
  }

  io.on('connection', attach);
}
