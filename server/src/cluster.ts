/**
 * Several server processes behind one address (`--redis`). Every process keeps a full replica of
 * rooms and presence; each change is published to the others as a {@link StateOp}, and events for
 * a socket of another process travel the same way. All of it uses the adapter's server-side emit,
 * which the Redis Streams adapter sends over one ordered Redis pub/sub connection, so a process
 * always learns about a room before it sees traffic for it.
 *
 * A process that dies without saying goodbye leaves ghosts in the others' replicas. Its Redis
 * connections close with it, so the adapter's server count (subscribers of its channel) drops at
 * once: every process checks that count each second and, when it fell, and every 10 s anyway, asks
 * the others which sockets they hold and drops the rest. Room members are told `peer:left`, the
 * directory `presence:left`, a call whose owner died ends for its last member here (a call whose
 * owner lives on ends there, once), and whoever is still ringing here for a call that has nobody
 * left in it is told it ended.
 */
import type { PresenceStatus } from '../../common/signaling/presence';
import type { HandlerContext, SignalingIo, StateOp } from './context';
import { CALL_ROOM_PREFIX } from './room-handlers';

const OP_EVENT = 'nearcast:state';
const SNAPSHOT_EVENT = 'nearcast:snapshot';
const ALIVE_EVENT = 'nearcast:alive';
const OWNERS_EVENT = 'nearcast:owns';
/** How often the number of processes is checked: a drop means one died and triggers a reconcile. */
export const PROCESS_CHECK_MS = 1_000;
const SUBSCRIBE_TIMEOUT_MS = 3_000;
/** How often ghosts of vanished processes are looked for. */
export const RECONCILE_INTERVAL_MS = 10_000;

interface Snapshot {
  rooms: {
    room: string;
    creator: string;
    founder: string;
    pinDigest: string | null;
    locked: boolean;
    members: { id: string; name: string }[];
  }[];
  presence: { socketId: string; deviceId: string; name: string; status: PresenceStatus; since: number }[];
}

/** Untyped server-side events: cluster messages are ours, produced by this same code. */
type ClusterIo = {
  serverSideEmit(event: string, ...args: unknown[]): boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  serverSideEmitWithAck(event: string, ...args: unknown[]): Promise<unknown[]>;
};

function clusterIo(io: SignalingIo): ClusterIo {
  return io as unknown as ClusterIo;
}

export function createPublisher(io: SignalingIo): (op: StateOp) => void {
  return (op) => void clusterIo(io).serverSideEmit(OP_EVENT, op);
}

function takeSnapshot(context: HandlerContext): Snapshot {
  return {
    rooms: context.rooms.snapshot().map(({ room, meta, members }) => ({
      room,
      creator: meta.creator,
      founder: meta.founder,
      pinDigest: meta.pinDigest ? meta.pinDigest.toString('hex') : null,
      locked: meta.locked,
      members,
    })),
    presence: context.presence.snapshot(),
  };
}

function applySnapshot(context: HandlerContext, snapshot: Snapshot): void {
  const { rooms, presence } = context;
  for (const room of snapshot.rooms) {
    for (const member of room.members) {
      if (rooms.roomOf(member.id) !== undefined) continue;
      rooms.join(room.room, member, room.pinDigest ? Buffer.from(room.pinDigest, 'hex') : null);
    }
    const meta = rooms.metaOf(room.room);
    if (meta) Object.assign(meta, { creator: room.creator, founder: room.founder, locked: room.locked });
  }
  for (const entry of snapshot.presence) {
    if (!presence.isStale(entry.deviceId, entry.socketId, entry.since)) {
      presence.register(entry.socketId, entry.deviceId, entry.name, entry.status, entry.since);
    }
  }
}

/** Sockets this process holds, away ones (that may still recover) included: what it answers. */
function localSockets(context: HandlerContext): string[] {
  return [...context.io.sockets.sockets.keys(), ...context.away.ids()];
}

/**
 * Rings delivered to this process's sockets for calls owned by other processes (the owner keeps the
 * ring itself). If the owner dies, nobody else knows these sockets are ringing: reconcile uses this to
 * tell them the call ended.
 */
class RemoteRings {
  readonly #rings = new Map<string, { sockets: Set<string>; since: number }>();

  /** Follows `call:ringing` and `call:ended` deliveries from other processes. */
  observe(op: StateOp, now: number): void {
    if (op.op !== 'deliver') return;
    const callId = (op.args[0] as { callId?: unknown } | undefined)?.callId;
    if (typeof callId !== 'string') return;
    if (op.event === 'call:ringing') {
      // Kept from the latest ring of the call: people can be invited into a call long after it began.
      const ring = this.#rings.get(callId) ?? { sockets: new Set<string>(), since: now };
      ring.sockets.add(op.to);
      ring.since = now;
      this.#rings.set(callId, ring);
    } else if (op.event === 'call:ended') {
      const ring = this.#rings.get(callId);
      ring?.sockets.delete(op.to);
      if (ring?.sockets.size === 0) this.#rings.delete(callId);
    }
  }

  /** The sockets rung here for this call, forgotten as they are returned. */
  take(callId: string): string[] {
    const sockets = [...(this.#rings.get(callId)?.sockets ?? [])];
    this.#rings.delete(callId);
    return sockets;
  }

  /**
   * Forgets calls rung last more than `maxAgeMs` ago: their rings were accepted or declined (no
   * `call:ended` follows) or have timed out.
   */
  prune(now: number, maxAgeMs: number): void {
    for (const [callId, ring] of this.#rings) if (now - ring.since > maxAgeMs) this.#rings.delete(callId);
  }
}

/**
 * Ends, for its last member here, a call whose owner was a process that died: nobody else will.
 * (Calls owned by a live process end there, through its departure listener.)
 */
function endOrphanedCall(context: HandlerContext, room: string): void {
  const members = context.rooms.peersIn(room);
  const last = members[0];
  if (members.length !== 1 || !last || !context.io.sockets.sockets.has(last.id)) return;
  context.leaveQuietly(last.id);
  context.sendTo(last.id, 'call:ended', { callId: room.slice(CALL_ROOM_PREFIX.length), reason: 'hung-up' });
  context.announcePresence(last.id);
}

/**
 * Drops replica entries whose socket no process has any more, telling this process's clients. Only
 * entries known *before* asking count: a socket that appeared meanwhile may be missing from an answer
 * computed before it connected, and must not be taken for a ghost.
 */
async function reconcile(
  context: HandlerContext,
  ownsCall: (room: string) => boolean,
  remoteRings: RemoteRings,
): Promise<void> {
  const { io, rooms, presence } = context;
  const roomCandidates = rooms.peerIds();
  const presenceCandidates = presence.snapshot();
  // Every process answers, or this rejects after the adapter's requestsTimeout and nothing is dropped.
  const answers = await clusterIo(io).serverSideEmitWithAck(ALIVE_EVENT);
  const live = new Set(localSockets(context));
  for (const answer of answers) for (const id of answer as string[]) live.add(id);
  const orphans = new Set<string>();
  for (const peerId of roomCandidates) {
    if (live.has(peerId)) continue;
    const departure = context.removeGhost(peerId);
    if (!departure) continue;
    for (const peer of departure.remaining)
      io.sockets.sockets.get(peer.id)?.emit('peer:left', { id: peerId });
    if (!departure.room.startsWith(CALL_ROOM_PREFIX) || ownsCall(departure.room)) continue;
    orphans.add(departure.room);
  }
  for (const entry of presenceCandidates) {
    if (live.has(entry.socketId) || presence.deviceOf(entry.socketId) === undefined) continue;
    context.applyRemote({ op: 'unregister', socketId: entry.socketId });
    io.local.emit('presence:left', { deviceId: entry.deviceId });
  }
  // A call whose owner lives on in a third process is ended there, by its departure listener: once.
  // Without an answer in time, this process ends it too (its last member may then hear it twice).
  if (orphans.size > 0) {
    const owners = await clusterIo(io)
      .serverSideEmitWithAck(OWNERS_EVENT, [...orphans])
      .catch(() => []);
    for (const owned of owners) for (const room of owned as string[]) orphans.delete(room);
  }
  for (const room of orphans) {
    endOrphanedCall(context, room);
    // A call with nobody left in it is over, and its owner, who rang these sockets, is gone with it.
    if (rooms.sizeOf(room) > 0) continue;
    const callId = room.slice(CALL_ROOM_PREFIX.length);
    for (const socketId of remoteRings.take(callId)) {
      if (!io.sockets.sockets.has(socketId) || rooms.roomOf(socketId) !== undefined) continue;
      context.sendTo(socketId, 'call:ended', { callId, reason: 'cancelled' });
    }
  }
  remoteRings.prune(context.now(), 2 * context.limits.ringTimeoutMs);
}

/**
 * Waits until this process's own subscription is registered (the adapter counts it as a server):
 * before that, other processes' answers would be missed, and closing would abort a pending
 * SUBSCRIBE with an unhandled rejection inside the adapter.
 */
async function subscribed(io: SignalingIo): Promise<void> {
  const adapter = io.of('/').adapter as unknown as { serverCount(): Promise<number> };
  const deadline = Date.now() + SUBSCRIBE_TIMEOUT_MS;
  while ((await adapter.serverCount()) < 1 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ClusterMembership {
  /** Resolves once the other processes' replicas were merged in. */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Subscribes to the other processes' changes, fetches their state, and starts ghost hunting.
 * `ownsCall` tells whether a call room's call lives in this process.
 */
export function joinCluster(
  context: HandlerContext,
  ownsCall: (room: string) => boolean,
  reconcileIntervalMs: number = RECONCILE_INTERVAL_MS,
): ClusterMembership {
  const io = clusterIo(context.io);
  const log = context.log.child({ name: 'server:cluster' });
  const remoteRings = new RemoteRings();
  io.on(OP_EVENT, (op: StateOp) => {
    try {
      remoteRings.observe(op, context.now());
      context.applyRemote(op);
    } catch (error) {
      log.error({ err: error, op: op.op }, 'could not apply a change from another process');
    }
  });
  io.on(SNAPSHOT_EVENT, (ack: (snapshot: Snapshot) => void) => ack(takeSnapshot(context)));
  io.on(ALIVE_EVENT, (ack: (ids: string[]) => void) => ack(localSockets(context)));
  io.on(OWNERS_EVENT, (rooms: unknown, ack: (owned: string[]) => void) =>
    ack(
      Array.isArray(rooms)
        ? rooms.filter((room): room is string => typeof room === 'string' && ownsCall(room))
        : [],
    ),
  );

  // Times out after the adapter's requestsTimeout (5 s by default) when a process does not answer.
  const ready = subscribed(context.io)
    .then(() => io.serverSideEmitWithAck(SNAPSHOT_EVENT))
    .then(
      (snapshots) => {
        for (const snapshot of snapshots) applySnapshot(context, snapshot as Snapshot);
        log.info({ processes: snapshots.length + 1 }, 'joined the cluster');
      },
      (error: unknown) => log.warn({ err: error }, 'some processes did not send their state in time'),
    );
  // One pass at a time: a process that stopped answering makes a pass wait for the adapter's timeout.
  let reconciling = false;
  const pass = () => {
    if (reconciling) return;
    reconciling = true;
    reconcile(context, ownsCall, remoteRings)
      .catch((error: unknown) => log.warn({ err: error }, 'could not reconcile'))
      .finally(() => (reconciling = false));
  };
  const timer = setInterval(pass, reconcileIntervalMs);
  timer.unref();
  const adapter = context.io.of('/').adapter as unknown as { serverCount(): Promise<number> };
  let processes = 0;
  const watch = setInterval(() => {
    adapter.serverCount().then(
      (count) => {
        if (count < processes) {
          log.info({ before: processes, now: count }, 'a process left the cluster; looking for ghosts');
          pass();
        }
        processes = count;
      },
      () => undefined, // Redis unreachable: the client reconnects; the next check tries again
    );
  }, PROCESS_CHECK_MS);
  watch.unref();
  return {
    ready,
    stop: () => {
      clearInterval(timer);
      clearInterval(watch);
    },
  };
}
