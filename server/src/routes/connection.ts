/**
 * A socket's life on one server: what it is told first, its packets through the gate, its handshake
 * registration, and the one disconnect path, so leaving a room, ending rings and leaving the directory
 * always happen together and in the same order. A dropped socket that may recover its session
 * (connection state recovery) is held away instead, and cleaned up only if it does not come back.
 *
 * A socket gets one middleware closure and one shared disconnect listener, nothing else: the routes,
 * the gate and the listener are built once per server and take the socket as an argument.
 */
import type { Logger } from 'pino';
import type { DisconnectReason } from 'socket.io';
import type { PacketGate, RateGuard } from '../admission/packet-gate';
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { Membership } from '../replica/membership';
import type { AwayList } from '../state/away';
import type { SignalingIo, SignalingSocket } from '../transport/io';
import { newChallenge } from './device-proof';
import type { Register } from './presence';

/** Disconnect reasons after which the client reconnects by itself and may recover its session. */
export const RECOVERABLE_REASONS: ReadonlySet<string> = new Set([
  'transport close',
  'transport error',
  'ping timeout',
]);

export interface ConnectionParts {
  io: SignalingIo;
  gate: PacketGate;
  guard: Pick<RateGuard, 'forget'>;
  away: AwayList;
  /** 0 when connection state recovery is off. */
  recoveryWindowMs: number;
  directory: Pick<Directory, 'unregister'>;
  membership: Pick<Membership, 'depart'>;
  delivery: Pick<Delivery, 'broadcast'>;
  register: Register;
  log: Logger;
}

/** Attaches every new socket of `io` to the server's routes, for as long as the server runs. */
export function acceptConnections(parts: ConnectionParts): void {
  const { io, gate, guard, away, recoveryWindowMs, directory, membership, delivery, register, log } = parts;

  function cleanUp(socketId: string, reason: string): void {
    try {
      // Presence first, so leaving the room does not broadcast a status for a device that is gone.
      const deviceId = directory.unregister(socketId);
      const departure = membership.depart(socketId);
      if (deviceId !== null) delivery.broadcast('presence:left', { deviceId });
      log.debug({ peer: socketId, reason, room: departure?.room ?? null }, 'client disconnected');
    } catch (error) {
      log.error({ err: error, peer: socketId }, 'could not clean up after disconnect');
    }
  }

  // Socket.IO calls listeners with the socket as `this`, so one function serves every socket.
  function onDisconnect(this: SignalingSocket, reason: DisconnectReason): void {
    const socketId = this.id;
    guard.forget(socketId);
    if (recoveryWindowMs > 0 && RECOVERABLE_REASONS.has(reason)) {
      log.debug({ peer: socketId, reason }, 'client dropped; keeping its state while it may recover');
      away.hold(socketId, recoveryWindowMs, () => cleanUp(socketId, reason));
      return;
    }
    cleanUp(socketId, reason);
  }

  function attach(socket: SignalingSocket): void {
    // Before anything else, so a client knows how it may signal before it can be in a room, and has
    // the challenge its device key signs to register.
    socket.data.challenge = newChallenge();
    socket.emit('session:features', { signalWithoutAck: true, challenge: socket.data.challenge });
    socket.use((packet) => gate(socket, packet));
    socket.on('disconnect', onDisconnect);

    if (socket.recovered && away.resume(socket.id)) {
      log.debug({ peer: socket.id }, 'client recovered its session');
      return;
    }

    if (recoveryWindowMs > 0) {
      // A client can only resume from an offset it received, so every session starts with one.
      io.to(socket.id).emit('session:welcome', { peerId: socket.id, recoveryWindowMs });
    }
    const handshakePresence = socket.data.presence;
    if (handshakePresence) {
      try {
        const registered = register(socket, handshakePresence);
        if (!registered.ok) socket.emit('presence:refused', registered.error);
      } catch (error) {
        log.error({ err: error, peer: socket.id }, 'could not register handshake presence');
      }
    }
    log.debug({ peer: socket.id, address: socket.handshake.address }, 'client connected');
  }

  io.on('connection', attach);
}
