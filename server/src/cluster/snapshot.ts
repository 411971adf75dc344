/**
 * A process's replica as one message: what a process joining the cluster merges from each of the
 * others before it serves anyone, so its first answers already know every room and device; and what
 * it merges again after Redis was away, when the changes published meanwhile were lost.
 */
import type { DirectoryEntry } from '../../../common/signaling/presence';
import type { PresenceRegistry } from '../state/presence';
import type { RejoinPasses } from '../state/rejoin-passes';
import type { RoomRegistry } from '../state/rooms';
import type { Snapshot } from '../transport/inter-server';

/** The replicated state a snapshot carries. */
export interface Replicas {
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  passes: RejoinPasses;
}

/** This process's rooms (with admission state), rejoin passes and directory; digests as hex for the adapter. */
export function takeSnapshot({ rooms, presence, passes }: Replicas): Snapshot {
  return {
    rooms: rooms.snapshot().map(({ room, meta, members }) => ({
      room,
      founder: meta.founder,
      pinDigest: meta.pinDigest ? meta.pinDigest.toString('hex') : null,
      locked: meta.locked,
      members,
    })),
    presence: presence.snapshot(),
    passes: passes.snapshot(),
  };
}

/** Merges another process's replica: entries this process already has, or holds newer, stay. */
export function applySnapshot({ rooms, presence, passes }: Replicas, snapshot: Snapshot): void {
  for (const room of snapshot.rooms) {
    for (const member of room.members) {
      if (rooms.roomOf(member.id) !== undefined) continue;
      const { joinedAt, ...peer } = member;
      rooms.join(room.room, peer, room.pinDigest ? Buffer.from(room.pinDigest, 'hex') : null, joinedAt);
    }
    const meta = rooms.metaOf(room.room);
    if (meta) Object.assign(meta, { founder: room.founder, locked: room.locked });
  }
  passes.restore(snapshot.passes ?? []);
  for (const entry of snapshot.presence) {
    if (!presence.isStale(entry.deviceId, entry.socketId, entry.since)) {
      presence.register(entry.socketId, entry.deviceId, entry.name, entry.status, entry.since);
    }
  }
}

/**
 * Merges the replicas of every other process and returns the directory entries that this changed
 * (a device registered, renamed or joined a room elsewhere while nothing reached this process), so
 * this process's clients can be told.
 */
export function mergeSnapshots(replicas: Replicas, snapshots: Snapshot[]): DirectoryEntry[] {
  const { rooms, presence } = replicas;
  const inRoom = (socketId: string) => rooms.roomOf(socketId) !== undefined;
  const before = new Map(presence.entries(inRoom).map((entry) => [entry.deviceId, JSON.stringify(entry)]));
  for (const snapshot of snapshots) applySnapshot(replicas, snapshot);
  return presence.entries(inRoom).filter((entry) => before.get(entry.deviceId) !== JSON.stringify(entry));
}
