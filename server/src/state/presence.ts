/**
 * The presence directory: which devices are connected, under which name and status. Keyed by the
 * client-generated device id, so a device that reconnects (new socket id) keeps its identity and a
 * second connection of the same device replaces the first instead of showing up twice.
 */
import type { DirectoryEntry, PresenceStatus } from '../../../common/signaling/presence';

interface Presence {
  socketId: string;
  name: string;
  /** What the client chose; the server shows `in-call` instead while the device is in a room. */
  chosen: PresenceStatus;
  /** When this socket registered the device: across processes the newest registration wins. */
  since: number;
}

/** Outcome of a registration: the socket it displaced, if the device was connected elsewhere. */
export interface Registration {
  replaced: string | null;
  /** A device id this socket had registered before under another id, now gone from the directory. */
  previous: string | null;
}

export class PresenceRegistry {
  readonly #byDevice = new Map<string, Presence>();
  readonly #deviceOf = new Map<string, string>();

  get size(): number {
    return this.#byDevice.size;
  }

  deviceOf(socketId: string): string | undefined {
    return this.#deviceOf.get(socketId);
  }

  socketOf(deviceId: string): string | undefined {
    return this.#byDevice.get(deviceId)?.socketId;
  }

  /**
   * Whether a registration made at `since` by `socketId` is older than the one held now, so it must
   * not replace it (ties broken by socket id, the same way in every process).
   */
  isStale(deviceId: string, socketId: string, since: number): boolean {
    const held = this.#byDevice.get(deviceId);
    if (!held || held.socketId === socketId) return false;
    return held.since > since || (held.since === since && held.socketId > socketId);
  }

  nameOf(deviceId: string): string | undefined {
    return this.#byDevice.get(deviceId)?.name;
  }

  /**
   * Registers or updates `socketId` as `deviceId`. A different socket holding the same device is
   * returned as `replaced`: the caller closes it. Registering under a new device id drops the old one.
   */
  register(
    socketId: string,
    deviceId: string,
    name: string,
    chosen: PresenceStatus,
    since: number = Date.now(),
  ): Registration {
    const existing = this.#byDevice.get(deviceId);
    const replaced = existing && existing.socketId !== socketId ? existing.socketId : null;
    if (replaced) this.#deviceOf.delete(replaced);
    const before = this.#deviceOf.get(socketId);
    const previous = before !== undefined && before !== deviceId ? before : null;
    if (previous) this.#byDevice.delete(previous);
    const kept = existing?.socketId === socketId ? existing.since : since;
    this.#byDevice.set(deviceId, { socketId, name, chosen, since: kept });
    this.#deviceOf.set(socketId, deviceId);
    return { replaced, previous };
  }

  /** Forgets the socket; returns the device id it held, or null (never registered, or replaced). */
  remove(socketId: string): string | null {
    const deviceId = this.#deviceOf.get(socketId);
    if (deviceId === undefined) return null;
    this.#deviceOf.delete(socketId);
    if (this.#byDevice.get(deviceId)?.socketId === socketId) this.#byDevice.delete(deviceId);
    return deviceId;
  }

  /** Every registration, for a cluster snapshot and reconciliation. */
  snapshot(): { socketId: string; deviceId: string; name: string; status: PresenceStatus; since: number }[] {
    return [...this.#byDevice].map(([deviceId, p]) => ({
      socketId: p.socketId,
      deviceId,
      name: p.name,
      status: p.chosen,
      since: p.since,
    }));
  }

  /** The entry as others see it; `inRoom` tells whether the device's socket is in a room or call. */
  entry(deviceId: string, inRoom: (socketId: string) => boolean): DirectoryEntry | null {
    const presence = this.#byDevice.get(deviceId);
    if (!presence) return null;
    const status: PresenceStatus = inRoom(presence.socketId) ? 'in-call' : presence.chosen;
    return { deviceId, name: presence.name, status };
  }

  /** Every device, in registration order. */
  entries(inRoom: (socketId: string) => boolean): DirectoryEntry[] {
    const list: DirectoryEntry[] = [];
    for (const deviceId of this.#byDevice.keys()) {
      const entry = this.entry(deviceId, inRoom);
      if (entry) list.push(entry);
    }
    return list;
  }
}
