/**
 * Changes to the presence directory, made here and published to every other process, and the ones
 * other processes publish, applied with the same listeners. A device is held by one socket across the
 * whole cluster: registering it again closes the older socket, wherever it is.
 */
import type { PresenceStatus } from '../../../common/signaling/presence';
import type { AwayList } from '../state/away';
import type { PresenceRegistry, Registration } from '../state/presence';
import type { RoomRegistry } from '../state/rooms';
import type { DirectoryOp, Publish } from '../transport/inter-server';
import type { SignalingSocket } from '../transport/io';
import type { Delivery } from './delivery';

/** Called after a device left the directory, here or in another process. */
export type DeviceGoneListener = (deviceId: string) => void;

export interface Directory {
  /** Registers the socket as the device, everywhere; the registry says which socket it displaced. */
  register(socketId: string, deviceId: string, name: string, status: PresenceStatus): Registration;
  /** Removes the socket from the directory everywhere; returns the device id it held, if any. */
  unregister(socketId: string): string | null;
  /** Broadcasts the socket's directory entry again, e.g. after its room membership changed. */
  announce(peerId: string): void;
  /** Tells a socket (here or elsewhere) its device connected again, and closes it. */
  replace(socketId: string, deviceId: string): void;
  onDeviceGone(listener: DeviceGoneListener): void;
  /** Applies a change another process published. */
  receive(op: DirectoryOp): void;
}

export interface DirectoryParts {
  presence: PresenceRegistry;
  /** Read only: a device in a room or call shows `in-call`. */
  rooms: RoomRegistry;
  /** This process's sockets, to close one whose device connected again. */
  sockets: ReadonlyMap<string, SignalingSocket>;
  away: AwayList;
  delivery: Pick<Delivery, 'broadcast'>;
  publish: Publish | null;
  /** Wall clock: across processes the newest registration of a device wins. */
  now: () => number;
}

export function createDirectory(parts: DirectoryParts): Directory {
  const { presence, rooms, sockets, away, delivery, publish } = parts;
  const listeners: DeviceGoneListener[] = [];

  /** Closes the socket if it is this process's; false when it is not. */
  function replaceLocal(socketId: string, deviceId: string): boolean {
    if (away.has(socketId)) {
      away.expire(socketId);
      return true;
    }
    const old = sockets.get(socketId);
    if (!old) return false;
    old.emit('presence:replaced', { deviceId });
    old.disconnect(true);
    return true;
  }

  function remove(socketId: string): string | null {
    const deviceId = presence.remove(socketId);
    if (deviceId !== null && presence.socketOf(deviceId) === undefined) {
      for (const listener of listeners) listener(deviceId);
    }
    return deviceId;
  }

  return {
    register(socketId, deviceId, name, status) {
      const since = parts.now();
      const registration = presence.register(socketId, deviceId, name, status, since);
      publish?.({ op: 'register', socketId, deviceId, name, status, since });
      if (registration.previous) for (const listener of listeners) listener(registration.previous);
      return registration;
    },
    unregister(socketId) {
      const deviceId = remove(socketId);
      if (deviceId !== null) publish?.({ op: 'unregister', socketId });
      return deviceId;
    },
    announce(peerId) {
      const deviceId = presence.deviceOf(peerId);
      if (deviceId === undefined || presence.socketOf(deviceId) !== peerId) return;
      const entry = presence.entry(deviceId, (id) => rooms.roomOf(id) !== undefined);
      if (entry) delivery.broadcast('presence:updated', entry);
    },
    replace(socketId, deviceId) {
      if (!replaceLocal(socketId, deviceId)) publish?.({ op: 'replace', socketId, deviceId });
    },
    onDeviceGone(listener) {
      listeners.push(listener);
    },
    receive(op) {
      switch (op.op) {
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
          if (previous) for (const listener of listeners) listener(previous);
          if (replaced) replaceLocal(replaced, op.deviceId);
          return;
        }
        case 'unregister':
          remove(op.socketId);
          return;
        case 'replace':
          replaceLocal(op.socketId, op.deviceId);
          return;
      }
    },
  };
}
