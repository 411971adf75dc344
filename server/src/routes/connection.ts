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
import type { AddressSlots } from '../admission/address-slots';
import type { PacketGate, RateGuard } from '../admission/packet-gate';
import type { ServerMetrics } from '../http/metrics';
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

export interface DepartureParts {
  io: SignalingIo;
  away: Pick<AwayList, 'has'>;
  directory: Pick<Directory, 'unregister'>;
  membership: Pick<Membership, 'depart'>;
  delivery: Pick<Delivery, 'broadcast'>;
  log: Logger;
}

/** How a socket that is gone leaves everything: its room, its rings and the directory. */
export interface Departure {
  /** Removes the socket everywhere and tells those who saw it; harmless when it is nowhere. */
  cleanUp(socketId: string, reason: string): void;
  /**
   * For a request answered after its socket went (it waited for other processes): whatever the
   * answer added for the socket is removed, unless the socket may still recover or already has.
   */
  sweep(socket: SignalingSocket): void;
}

/** The one departure path of a server, shared by the disconnect listener and late answers. */
export function createDeparture(parts: DepartureParts): Departure {
  const { io, away, directory, membership, delivery, log } = parts;

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

  return {
    cleanUp,
    sweep(socket) {
      if (socket.connected || away.has(socket.id) || io.sockets.sockets.has(socket.id)) return;
      cleanUp(socket.id, 'answered after disconnect');
    },
  };
}

export interface ConnectionParts {
  io: SignalingIo;
  gate: PacketGate;
  guard: Pick<RateGuard, 'forget'>;
  /** Connections per client address: admission refuses beyond the quota, this counts them. */
  slots: Pick<AddressSlots, 'take' | 'release'>;
  metrics: Pick<ServerMetrics, 'connectionsRefused'>;
  away: AwayList;
  /** 0 when connection state recovery is off. */
  recoveryWindowMs: number;
  departure: Pick<Departure, 'cleanUp'>;
  register: Register;
  log: Logger;
}

/** Attaches every new socket of `io` to the server's routes, for as long as the server runs. */
export function acceptConnections(parts: ConnectionParts): void {
  const { io, gate, guard, slots, metrics, away, recoveryWindowMs, register, log } = parts;
  const { cleanUp } = parts.departure;

  // Socket.IO calls listeners with the socket as `this`, so one function serves every socket.
  function onDisconnect(this: SignalingSocket, reason: DisconnectReason): void {
    const socketId = this.id;
    guard.forget(socketId);
    slots.release(this.handshake.address);
    if (recoveryWindowMs > 0 && RECOVERABLE_REASONS.has(reason)) {
      log.debug({ peer: socketId, reason }, 'client dropped; keeping its state while it may recover');
      away.hold(socketId, recoveryWindowMs, () => cleanUp(socketId, reason));
      return;
    }
    cleanUp(socketId, reason);
  }

  function attach(socket: SignalingSocket): void {
    socket.on('disconnect', onDisconnect);
    // Handshakes of one burst all pass admission before any is counted here: the extra ones go.
    if (!slots.take(socket.handshake.address)) {
      metrics.connectionsRefused.inc({ reason: 'too_many_connections' });
      socket.disconnect(true);
      return;
    }
    // Before anything else, so a client knows how it may signal before it can be in a room, and has
    // the challenge its device key signs to register.
    socket.data.challenge = newChallenge();
    socket.emit('session:features', { signalWithoutAck: true, challenge: socket.data.challenge });
    socket.use((packet) => gate(socket, packet));

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
