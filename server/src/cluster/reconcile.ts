/**
 * Ghost hunting. A process that dies without saying goodbye leaves its sockets in the others'
 * replicas; a pass asks every process which sockets it holds and drops the rest. Room members are told
 * `peer:left`, the directory `presence:left`, a call whose owner died ends for its last member here (a
 * call whose owner lives on ends there, once), and whoever is still ringing here for a call that has
 * nobody left in it is told it ended.
 */
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { Membership } from '../replica/membership';
import type { AwayList } from '../state/away';
import { callIdOf, isCallRoom } from '../state/calls';
import type { PresenceRegistry } from '../state/presence';
import type { RoomRegistry } from '../state/rooms';
import type { SignalingIo } from '../transport/io';
import type { RemoteRings } from './remote-rings';

export interface ReconcileParts {
  io: SignalingIo;
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  away: AwayList;
  membership: Pick<Membership, 'removeGhost' | 'leaveQuietly'>;
  directory: Pick<Directory, 'receive' | 'announce'>;
  delivery: Pick<Delivery, 'sendTo'>;
  /** Whether a call room's call lives in this process. */
  ownsCall: (room: string) => boolean;
  remoteRings: RemoteRings;
  /** Rings older than twice this are forgotten. */
  ringTimeoutMs: number;
  now: () => number;
}

/** Sockets this process holds, away ones (that may still recover) included: what it answers. */
export function localSockets(io: SignalingIo, away: AwayList): string[] {
  return [...io.sockets.sockets.keys(), ...away.ids()];
}

/**
 * Ends, for its last member here, a call whose owner was a process that died: nobody else will.
 * (Calls owned by a live process end there, through its departure listener.)
 */
function endOrphanedCall(parts: ReconcileParts, room: string): void {
  const { io, rooms, membership, directory, delivery } = parts;
  const members = rooms.peersIn(room);
  const last = members[0];
  if (members.length !== 1 || !last || !io.sockets.sockets.has(last.id)) return;
  membership.leaveQuietly(last.id);
  delivery.sendTo(last.id, 'call:ended', { callId: callIdOf(room), reason: 'hung-up' });
  directory.announce(last.id);
}

/**
 * Drops replica entries whose socket no process has any more, telling this process's clients. Only
 * entries known *before* asking count: a socket that appeared meanwhile may be missing from an answer
 * computed before it connected, and must not be taken for a ghost.
 */
export async function reconcile(parts: ReconcileParts): Promise<void> {
  const { io, rooms, presence, membership, directory, delivery, ownsCall, remoteRings } = parts;
  const roomCandidates = rooms.peerIds();
  const presenceCandidates = presence.snapshot();
  // Every process answers, or this rejects after the adapter's requestsTimeout and nothing is dropped.
  const answers = await io.serverSideEmitWithAck('nearcast:alive');
  const live = new Set(localSockets(io, parts.away));
  for (const answer of answers) for (const id of answer) live.add(id);
  const orphans = new Set<string>();
  for (const peerId of roomCandidates) {
    if (live.has(peerId)) continue;
    const departure = membership.removeGhost(peerId);
    if (!departure) continue;
    const state = departure.hostChanged ? rooms.stateOf(departure.room) : undefined;
    for (const peer of departure.remaining) {
      const socket = io.sockets.sockets.get(peer.id);
      socket?.emit('peer:left', { id: peerId });
      // Every survivor drops the ghost the same way, so each tells its own members of the new host.
      if (state && state.host !== null) socket?.emit('room:updated', state);
    }
    if (!isCallRoom(departure.room) || ownsCall(departure.room)) continue;
    orphans.add(departure.room);
  }
  for (const entry of presenceCandidates) {
    if (live.has(entry.socketId) || presence.deviceOf(entry.socketId) === undefined) continue;
    directory.receive({ op: 'unregister', socketId: entry.socketId });
    io.local.emit('presence:left', { deviceId: entry.deviceId });
  }
  // A call whose owner lives on in a third process is ended there, by its departure listener: once.
  // Without an answer in time, this process ends it too (its last member may then hear it twice).
  if (orphans.size > 0) {
    const owners = await io.serverSideEmitWithAck('nearcast:owns', [...orphans]).catch(() => []);
    for (const owned of owners) for (const room of owned) orphans.delete(room);
  }
  for (const room of orphans) {
    endOrphanedCall(parts, room);
    // A call with nobody left in it is over, and its owner, who rang these sockets, is gone with it.
    if (rooms.sizeOf(room) > 0) continue;
    const callId = callIdOf(room);
    for (const socketId of remoteRings.take(callId)) {
      if (!io.sockets.sockets.has(socketId) || rooms.roomOf(socketId) !== undefined) continue;
      delivery.sendTo(socketId, 'call:ended', { callId, reason: 'cancelled' });
    }
  }
  remoteRings.prune(parts.now(), 2 * parts.ringTimeoutMs);
}
