/**
 * Sending to a peer wherever its socket is: here, away (connection state recovery buffers for it), or
 * in another process of the cluster. Events for another process travel on the same ordered channel as
 * state changes, so the receiving process knows about a room before it sees traffic for it.
 */
import type { Logger } from 'pino';
import type { ServerToClientEvents } from '../../../common/signaling/events';
import type { AwayList } from '../state/away';
import type { PresenceRegistry } from '../state/presence';
import type { RoomRegistry } from '../state/rooms';
import { outgoing, type DeliveryOp, type OutgoingEvent, type Publish } from '../transport/inter-server';
import type { SignalingIo } from '../transport/io';

type Events = ServerToClientEvents;

export interface Delivery {
  /** Sends to one socket, here or (in a cluster) in another process; false when nobody has that id. */
  sendTo<E extends keyof Events>(peerId: string, event: E, ...args: Parameters<Events[E]>): boolean;
  /**
   * Sends to one socket only if this process holds it (connected or away): for news every process
   * tells its own clients once it applied the change itself. False when the socket is elsewhere.
   */
  sendHere<E extends keyof Events>(peerId: string, event: E, ...args: Parameters<Events[E]>): boolean;
  /** Sends to every connected client of every process. */
  broadcast<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void;
  /** Delivers what another process sent to this process's clients. */
  receive(op: DeliveryOp): void;
}

export interface DeliveryParts {
  io: SignalingIo;
  /** The replica's registries: a peer known there but without a socket here lives in another process. */
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  away: AwayList;
  /** 0 when connection state recovery is off. */
  recoveryWindowMs: number;
  /** Absent without a cluster adapter. */
  publish: Publish | null;
  log: Logger;
}

/** Emits an event that arrived from another process, keeping the pairing of event and arguments. */
function emit<E extends keyof Events>(
  target: { emit<Ev extends keyof Events>(event: Ev, ...args: Parameters<Events[Ev]>): boolean },
  message: OutgoingEvent<E>,
): void {
  target.emit(message.event, ...message.args);
}

export function createDelivery(parts: DeliveryParts): Delivery {
  const { io, rooms, presence, away, recoveryWindowMs, publish, log } = parts;
  function sendHere<E extends keyof Events>(
    peerId: string,
    event: E,
    ...args: Parameters<Events[E]>
  ): boolean {
    const socket = io.sockets.sockets.get(peerId);
    if (socket && recoveryWindowMs === 0) {
      socket.emit(event, ...args);
      return true;
    }
    if (socket || away.has(peerId)) {
      // With recovery on, through the socket's own room: the adapter numbers the packet (the client's
      // resume offset) and keeps it for replay while the socket is away.
      io.to(peerId).emit(event, ...args);
      return true;
    }
    return false;
  }
  return {
    sendHere,
    sendTo(peerId, event, ...args) {
      if (sendHere(peerId, event, ...args)) return true;
      if (publish && (rooms.roomOf(peerId) !== undefined || presence.deviceOf(peerId) !== undefined)) {
        publish({ op: 'deliver', to: peerId, ...outgoing(event, args) });
        return true;
      }
      log.error({ peer: peerId, event }, 'room member has no live socket');
      return false;
    },
    broadcast(event, ...args) {
      io.local.emit(event, ...args);
      publish?.({ op: 'broadcast', ...outgoing(event, args) });
    },
    receive(op) {
      if (op.op === 'broadcast') {
        emit(io.local, op);
        return;
      }
      const socket = io.sockets.sockets.get(op.to);
      if (socket) emit(socket, op);
      // Not `io.local`: only a broadcast through the adapter's stream gets an offset and is replayed.
      else if (away.has(op.to)) emit(io.to(op.to), op);
    },
  };
}
