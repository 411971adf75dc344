/**
 * Catching up after Redis was away. The room changes published meanwhile were lost, so this process
 * fetches every other replica afresh. Each process is the authority on its own sockets: the snapshot
 * it sends names them (`own`), and where this replica disagrees about one of them (a join, a leave, a
 * move made there during the outage) the difference is replayed here as the op that was lost, and a
 * lock changed there meanwhile as its lock op (the later change wins). Applied through Membership's
 * `receive`, it tells this process's members exactly as the op would have (`peer:joined`,
 * `peer:left`, `room:updated` for a host or lock it moved) and runs the departure listeners. Directory entries and rejoin passes are then merged as a joining process merges them.
 */
import type { Logger } from 'pino';
import type { Membership } from '../replica/membership';
import type { RoomRegistry } from '../state/rooms';
import type { RoomOp, Snapshot } from '../transport/inter-server';
import type { SignalingIo } from '../transport/io';
import { mergeSnapshots, type Replicas } from './snapshot';

export interface CatchUpParts extends Replicas {
  io: SignalingIo;
  membership: Pick<Membership, 'receive'>;
  log: Logger;
}

/**
 * The ops that bring this replica in line with what `snapshot`'s process says of its own sockets:
 * leaves for those it no longer has in a room (or has in another), and joins for those missing here.
 */
function missedMoves(rooms: RoomRegistry, snapshot: Snapshot, asked: Asked): RoomOp[] {
  // A socket whose room changed here while the snapshots were on their way was moved by an op newer
  // than, or as new as, the snapshot: that op stands.
  const own = new Set(snapshot.own?.filter((id) => (rooms.roomOf(id) ?? '') === (asked.get(id) ?? '')));
  const ops: RoomOp[] = [];
  const there = new Map<string, string>();
  for (const room of snapshot.rooms) {
    for (const member of room.members) if (own.has(member.id)) there.set(member.id, room.room);
  }
  for (const peerId of rooms.peerIds()) {
    if (own.has(peerId) && there.get(peerId) !== rooms.roomOf(peerId)) ops.push({ op: 'leave', peerId });
  }
  for (const room of snapshot.rooms) {
    for (const { joinedAt, ...peer } of room.members) {
      if (!own.has(peer.id) || rooms.roomOf(peer.id) === room.room) continue;
      ops.push({ op: 'join', room: room.room, peer, pinDigest: room.pinDigest, joinedAt });
    }
  }
  return ops;
}

/** Each socket's room in this replica when the snapshots were asked for (see {@link catchUpWith}). */
export type Asked = ReadonlyMap<string, string>;

/** Notes each socket's room now, before the snapshots are asked for. */
export function askedAbout(rooms: RoomRegistry): Asked {
  return new Map(rooms.peerIds().map((peerId) => [peerId, rooms.roomOf(peerId) ?? '']));
}

/**
 * Replays, through `membership`, what each snapshot's process changed about its own sockets while
 * nothing reached this one (but for sockets moved here since `asked` was noted), then merges the
 * directory and passes; returns the directory entries that changed, for this process's clients.
 */
export function catchUpWith(
  parts: CatchUpParts,
  snapshots: Snapshot[],
  asked: Asked,
): ReturnType<typeof mergeSnapshots> {
  const { rooms, membership } = parts;
  let replayed = 0;
  for (const snapshot of snapshots) {
    const moves = snapshot.own ? missedMoves(rooms, snapshot, asked) : [];
    for (const op of moves) membership.receive(op);
    replayed += moves.length;
    for (const { room, founder, locked, lockedAt } of snapshot.rooms) {
      // A room these joins created here is still the one its founder claimed.
      const meta = rooms.metaOf(room);
      if (meta) meta.founder = founder;
      // A lock changed there meanwhile: the later change wins, as when the op arrives (Membership).
      if (lockedAt !== undefined) membership.receive({ op: 'lock', room, locked, at: lockedAt });
    }
  }
  if (replayed > 0) parts.log.info({ replayed }, 'replayed room changes missed while Redis was away');
  // Members are settled above. The rooms a snapshot lists also hold other processes' sockets, as that
  // process last heard of them: merging those would bring back someone who left meanwhile.
  return mergeSnapshots(
    parts,
    snapshots.map((snapshot) => (snapshot.own ? { ...snapshot, rooms: [] } : snapshot)),
  );
}
