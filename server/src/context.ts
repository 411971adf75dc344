/**
 * What every handler module shares: the registries, the metrics, and the few operations that cross
 * domains (leaving a room changes a presence status and may end a call). One object built per server,
 * passed explicitly, so there is no module-level state and two servers in one process never mix.
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Untrusted } from '../../common/signaling/events';
import type { PresenceStatus } from '../../common/signaling/presence';
import type { PeerInfo } from '../../common/signaling/room';
import type { ServerMetrics } from './metrics';
import type { PresenceRegistry, Registration } from './presence';
import type { AwayList } from './recovery';
import type { RoomClaims } from './claims';
import { CALL_ROOM_PREFIX } from './room-handlers';
import type { Departure, RoomRegistry } from './rooms';
import type { IceConfig, SignalingLimits } from './settings';
import type { StateOp } from './state-op';

/** The server as handlers see it: incoming arguments untyped until parsed, outgoing events typed. */
export type SignalingIo = Server<Untrusted<ClientToServerEvents>, ServerToClientEvents>;
/** One client connection with the same typing as {@link SignalingIo}. */
export type SignalingSocket = Socket<Untrusted<ClientToServerEvents>, ServerToClientEvents>;

export type ClientEvent = keyof ClientToServerEvents;

export type { StateOp } from './state-op';

/**
 * Emits an event whose arguments were checked where it was produced. Cluster messages lose the
 * per-event typing on the way, so this is the one place that restores it.
 */
function emitUnchecked(
  target: { emit: (...args: never[]) => unknown },
  event: string,
  args: unknown[],
): void {
  (target.emit as (event: string, ...args: unknown[]) => unknown)(event, ...args);
}

/** Called after a socket left a room (request, removal, disconnect, or another process said so). */
export type DepartureListener = (peerId: string, departure: Departure) => void;
/** Called after a device left the directory, here or in another process. */
export type DeviceGoneListener = (deviceId: string) => void;

export interface HandlerContext {
  readonly io: SignalingIo;
  readonly rooms: RoomRegistry;
  readonly presence: PresenceRegistry;
  readonly metrics: ServerMetrics;
  readonly limits: SignalingLimits;
  readonly ice: IceConfig;
  readonly log: Logger;
  /** Wall clock, injectable so TURN credential expiry is testable. */
  readonly now: () => number;
  /** True when an adapter shares the server with other processes. */
  readonly clustered: boolean;
  /** Dropped sockets that may still recover their session (connection state recovery). */
  readonly away: AwayList;
  /** 0 when connection state recovery is off. */
  readonly recoveryWindowMs: number;
  /** Sends to one socket, here or (in a cluster) in another process; false when nobody has that id. */
  sendTo<E extends keyof ServerToClientEvents>(
    peerId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): boolean;
  /** Adds a peer to a room (creating it with `pinDigest`), everywhere; returns who was there. */
  joinRoom(room: string, peer: PeerInfo, pinDigest?: Buffer | null): PeerInfo[];
  /** Leaves the socket's room if any, tells the others, then runs the departure listeners. */
  depart(peerId: string): Departure | null;
  /** Leaves without telling anyone: for the last member of a call that just ended. */
  leaveQuietly(peerId: string): void;
  /**
   * Drops a socket of a crashed process from this replica (every survivor does the same), running
   * the departure listeners; telling this process's clients is the caller's business.
   */
  removeGhost(peerId: string): Departure | null;
  /** Atomic room creation across processes; null when this process runs alone. */
  readonly claims: RoomClaims | null;
  lockRoom(room: string, locked: boolean): void;
  registerDevice(socketId: string, deviceId: string, name: string, status: PresenceStatus): Registration;
  /** Removes the socket from the directory everywhere; returns the device id it held, if any. */
  unregisterDevice(socketId: string): string | null;
  /** Applies a change published by another process, running the same listeners as a local one. */
  applyRemote(op: StateOp): void;
  onDeparture(listener: DepartureListener): void;
  onDeviceGone(listener: DeviceGoneListener): void;
  /** Broadcasts the socket's directory entry again, e.g. after its room membership changed. */
  announcePresence(peerId: string): void;
  /** Sends to every connected client of every process. */
  broadcast<E extends keyof ServerToClientEvents>(
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Tells a socket (here or elsewhere) its device connected again, and closes it. */
  replaceSocket(socketId: string, deviceId: string): void;
}

interface ContextParts {
  away: AwayList;
  claims: RoomClaims | null;
  recoveryWindowMs: number;
  /** Sends a state change to the other processes; absent without a cluster adapter. */
  publish: ((op: StateOp) => void) | null;
  io: SignalingIo;
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  metrics: ServerMetrics;
  limits: SignalingLimits;
  ice: IceConfig;
  logger: Logger;
  now: () => number;
}

export function createContext(parts: ContextParts): HandlerContext {
  const log = parts.logger.child({ name: 'server:signaling' });
  const departureListeners: DepartureListener[] = [];
  const deviceListeners: DeviceGoneListener[] = [];
  const { io, rooms, presence, publish } = parts;
  const share = (op: StateOp) => publish?.(op);

  function leaveAndNotifyListeners(peerId: string): Departure | null {
    const departure = rooms.leave(peerId);
    if (departure) for (const listener of departureListeners) listener(peerId, departure);
    return departure;
  }

  /** Leaves, releasing the room's claim if it emptied: before the leave is published. */
  function leaveAndRelease(peerId: string): Departure | null {
    const departure = rooms.leave(peerId);
    if (departure?.remaining.length === 0 && !departure.room.startsWith(CALL_ROOM_PREFIX)) {
      parts.claims?.release(departure.room, departure.founder);
    }
    return departure;
  }

  function replaceLocal(socketId: string, deviceId: string): boolean {
    if (parts.away.has(socketId)) {
      parts.away.expire(socketId);
      return true;
    }
    const old = io.sockets.sockets.get(socketId);
    if (!old) return false;
    old.emit('presence:replaced', { deviceId });
    old.disconnect(true);
    return true;
  }

  function unregister(socketId: string): string | null {
    const deviceId = presence.remove(socketId);
    if (deviceId !== null && presence.socketOf(deviceId) === undefined) {
      for (const listener of deviceListeners) listener(deviceId);
    }
    return deviceId;
  }

  const context: HandlerContext = {
    io,
    rooms,
    presence,
    metrics: parts.metrics,
    limits: parts.limits,
    ice: parts.ice,
    now: parts.now,
    log,
    clustered: publish !== null,
    claims: parts.claims,
    away: parts.away,
    recoveryWindowMs: parts.recoveryWindowMs,
    sendTo(peerId, event, ...args) {
      const socket = io.sockets.sockets.get(peerId);
      if (socket && parts.recoveryWindowMs === 0) {
        socket.emit(event, ...args);
        return true;
      }
      if (socket || parts.away.has(peerId)) {
        // With recovery on, through the socket's own room: the adapter numbers the packet (the client's
        // resume offset) and keeps it for replay while the socket is away.
        io.to(peerId).emit(event, ...args);
        return true;
      }
      if (publish && (rooms.roomOf(peerId) !== undefined || presence.deviceOf(peerId) !== undefined)) {
        // A socket of another process. Sent over the same ordered channel as state changes, so the
        // receiving process knows about a room before it sees traffic for it.
        publish({ op: 'deliver', to: peerId, event, args });
        return true;
      }
      log.error({ peer: peerId, event }, 'room member has no live socket');
      return false;
    },
    joinRoom(room, peer, pinDigest = null) {
      const before = rooms.join(room, peer, pinDigest);
      share({ op: 'join', room, peer, pinDigest: pinDigest ? pinDigest.toString('hex') : null });
      return before;
    },
    depart(peerId) {
      const departure = leaveAndRelease(peerId);
      if (!departure) return null;
      share({ op: 'leave', peerId });
      for (const peer of departure.remaining) context.sendTo(peer.id, 'peer:left', { id: peerId });
      for (const listener of departureListeners) listener(peerId, departure);
      context.announcePresence(peerId);
      return departure;
    },
    leaveQuietly(peerId) {
      if (leaveAndRelease(peerId)) share({ op: 'leave', peerId });
    },
    removeGhost(peerId) {
      const departure = leaveAndRelease(peerId);
      if (departure) for (const listener of departureListeners) listener(peerId, departure);
      return departure;
    },
    lockRoom(room, locked) {
      const meta = rooms.metaOf(room);
      if (meta) meta.locked = locked;
      share({ op: 'lock', room, locked });
    },
    registerDevice(socketId, deviceId, name, status) {
      const since = parts.now();
      const registration = presence.register(socketId, deviceId, name, status, since);
      share({ op: 'register', socketId, deviceId, name, status, since });
      if (registration.previous) for (const listener of deviceListeners) listener(registration.previous);
      return registration;
    },
    unregisterDevice(socketId) {
      const deviceId = unregister(socketId);
      if (deviceId !== null) share({ op: 'unregister', socketId });
      return deviceId;
    },
    applyRemote(op) {
      switch (op.op) {
        case 'join':
          if (rooms.roomOf(op.peer.id) === undefined) {
            rooms.join(op.room, op.peer, op.pinDigest ? Buffer.from(op.pinDigest, 'hex') : null);
          }
          return;
        case 'leave':
          leaveAndNotifyListeners(op.peerId);
          return;
        case 'lock': {
          const meta = rooms.metaOf(op.room);
          if (meta) meta.locked = op.locked;
          return;
        }
        case 'register': {
          // Two processes may register the same device at once: the newest wins everywhere, and the
          // process holding the older socket closes it.
          if (presence.isStale(op.deviceId, op.socketId, op.since)) return;
          const { previous, replaced } = presence.register(
            op.socketId,
            op.deviceId,
            op.name,
            op.status,
            op.since,
          );
          if (previous) for (const listener of deviceListeners) listener(previous);
          if (replaced) replaceLocal(replaced, op.deviceId);
          return;
        }
        case 'unregister':
          unregister(op.socketId);
          return;
        case 'deliver': {
          const socket = io.sockets.sockets.get(op.to);
          if (socket) emitUnchecked(socket, op.event, op.args);
          // Not `io.local`: only a broadcast through the adapter's stream gets an offset and is replayed.
          else if (parts.away.has(op.to)) emitUnchecked(io.to(op.to), op.event, op.args);
          return;
        }
        case 'broadcast':
          emitUnchecked(io.local, op.event, op.args);
          return;
        case 'replace':
          replaceLocal(op.socketId, op.deviceId);
          return;
      }
    },
    onDeparture(listener) {
      departureListeners.push(listener);
    },
    onDeviceGone(listener) {
      deviceListeners.push(listener);
    },
    announcePresence(peerId) {
      const deviceId = presence.deviceOf(peerId);
      if (deviceId === undefined || presence.socketOf(deviceId) !== peerId) return;
      const entry = presence.entry(deviceId, (id) => rooms.roomOf(id) !== undefined);
      if (entry) context.broadcast('presence:updated', entry);
    },
    broadcast(event, ...args) {
      io.local.emit(event, ...args);
      share({ op: 'broadcast', event, args });
    },
    replaceSocket(socketId, deviceId) {
      if (!replaceLocal(socketId, deviceId)) share({ op: 'replace', socketId, deviceId });
    },
  };
  return context;
}
