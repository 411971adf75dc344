/**
 * Several server processes behind one address (`--redis`). Every process keeps a full replica of
 * rooms and presence; each change is published to the others as a `StateOp`, and events for a socket
 * of another process travel the same way. All of it uses the adapter's server-side emit, which the
 * Redis Streams adapter sends over one ordered Redis pub/sub connection, so a process always learns
 * about a room before it sees traffic for it.
 *
 * A process that dies leaves ghosts in the others' replicas (reconcile.ts). Its Redis connections
 * close with it, so the adapter's server count (subscribers of its channel) drops at once: every
 * process checks that count each second and reconciles when it fell, and every 10 s anyway.
 *
 * When Redis itself is away, the changes published meanwhile are lost. The same check notices: the
 * count cannot be read. Once it can again (or whenever it rises: another process is back), the
 * process fetches every other replica afresh and merges it, then reconciles.
 */
import type { Logger } from 'pino';
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { Membership } from '../replica/membership';
import type { AwayList } from '../state/away';
import type { PresenceRegistry } from '../state/presence';
import type { RejoinPasses } from '../state/rejoin-passes';
import type { RoomRegistry } from '../state/rooms';
import type { Publish, StateOp } from '../transport/inter-server';
import type { SignalingIo } from '../transport/io';
import { localSockets, reconcile } from './reconcile';
import { RemoteRings } from './remote-rings';
import { applySnapshot, mergeSnapshots, takeSnapshot } from './snapshot';

/** How often the number of processes is checked: a drop means one died and triggers a reconcile. */
export const PROCESS_CHECK_MS = 1_000;
const SUBSCRIBE_TIMEOUT_MS = 3_000;
/** How often ghosts of vanished processes are looked for. */
export const RECONCILE_INTERVAL_MS = 10_000;

/** Publishes this process's changes to the others, in the order they are made. */
export function clusterPublisher(io: SignalingIo): Publish {
  return (op) => void io.serverSideEmit('nearcast:state', op);
}

export interface ClusterParts {
  io: SignalingIo;
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  /** Rejoin passes, sent to and merged from other processes with the rooms. */
  passes: RejoinPasses;
  away: AwayList;
  membership: Pick<Membership, 'receive' | 'removeGhost' | 'leaveQuietly'>;
  directory: Pick<Directory, 'receive' | 'announce'>;
  delivery: Pick<Delivery, 'receive' | 'sendTo'>;
  /** Whether a call room's call lives in this process. */
  ownsCall: (room: string) => boolean;
  ringTimeoutMs: number;
  now: () => number;
  log: Logger;
  /** How often ghosts are looked for (default 10 s). */
  reconcileIntervalMs?: number;
}

export interface ClusterMembership {
  /** Resolves once the other processes' replicas were merged in. */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Waits until this process's own subscription is registered (the adapter counts it as a server):
 * before that, other processes' answers would be missed, and closing would abort a pending
 * SUBSCRIBE with an unhandled rejection inside the adapter.
 */
async function subscribed(io: SignalingIo): Promise<void> {
  const adapter = io.of('/').adapter;
  const deadline = Date.now() + SUBSCRIBE_TIMEOUT_MS;
  while ((await adapter.serverCount()) < 1 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Applies a change another process published, with the same listeners as a local change. */
function receive(parts: ClusterParts, op: StateOp): void {
  switch (op.op) {
    case 'join':
    case 'leave':
    case 'lock':
    case 'revoke':
      parts.membership.receive(op);
      return;
    case 'register':
    case 'unregister':
    case 'replace':
      parts.directory.receive(op);
      return;
    case 'deliver':
    case 'broadcast':
      parts.delivery.receive(op);
      return;
  }
}

/**
 * After an outage: fetches every other process's replica again and merges it, telling this process's
 * clients about directory entries that changed meanwhile, then looks for ghosts (sockets that left
 * while their departure could not be published). Retried on every check until one fetch succeeds.
 */
function caughtUp(parts: ClusterParts, pass: () => void): { needed(): void; run(): void } {
  const { io, log } = parts;
  let behind = false;
  let fetching = false;
  return {
    needed: () => (behind = true),
    run() {
      if (!behind || fetching) return;
      fetching = true;
      io.serverSideEmitWithAck('nearcast:snapshot')
        .then(
          (snapshots) => {
            behind = false;
            const changed = mergeSnapshots(parts, snapshots);
            for (const entry of changed) io.local.emit('presence:updated', entry);
            log.info(
              { processes: snapshots.length + 1, changed: changed.length },
              'caught up with the cluster',
            );
            pass();
          },
          (error: unknown) => log.warn({ err: error }, 'could not fetch the state of other processes yet'),
        )
        .finally(() => (fetching = false));
    },
  };
}

/** Subscribes to the other processes' changes, fetches their state, and starts ghost hunting. */
export function joinCluster(parts: ClusterParts): ClusterMembership {
  const { io, away, ownsCall, now, log } = parts;
  const remoteRings = new RemoteRings();
  io.on('nearcast:state', (op) => {
    try {
      remoteRings.observe(op, now());
      receive(parts, op);
    } catch (error) {
      log.error({ err: error, op: op.op }, 'could not apply a change from another process');
    }
  });
  io.on('nearcast:snapshot', (ack) => ack(takeSnapshot(parts)));
  io.on('nearcast:alive', (ack) => ack(localSockets(io, away)));
  io.on('nearcast:owns', (callRooms, ack) => ack(callRooms.filter(ownsCall)));

  // Times out after the adapter's requestsTimeout (5 s by default) when a process does not answer.
  const ready = subscribed(io)
    .then(() => io.serverSideEmitWithAck('nearcast:snapshot'))
    .then(
      (snapshots) => {
        for (const snapshot of snapshots) applySnapshot(parts, snapshot);
        log.info({ processes: snapshots.length + 1 }, 'joined the cluster');
      },
      (error: unknown) => log.warn({ err: error }, 'some processes did not send their state in time'),
    );
  // One pass at a time: a process that stopped answering makes a pass wait for the adapter's timeout.
  let reconciling = false;
  const pass = () => {
    if (reconciling) return;
    reconciling = true;
    reconcile({ ...parts, remoteRings })
      .catch((error: unknown) => log.warn({ err: error }, 'could not reconcile'))
      .finally(() => (reconciling = false));
  };
  const timer = setInterval(pass, parts.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS);
  timer.unref();
  const catchUp = caughtUp(parts, pass);
  const adapter = io.of('/').adapter;
  /** Processes counted at the last check; null before the first. */
  let processes: number | null = null;
  /** The last check could not reach Redis. */
  let lost = false;
  let counting = false;
  const watch = setInterval(() => {
    if (counting) return;
    counting = true;
    adapter
      .serverCount()
      .then(
        (count) => {
          if (lost || (processes !== null && count > processes)) {
            // Back from an outage, or another process is: what was published meanwhile was lost.
            catchUp.needed();
          } else if (processes !== null && count < processes) {
            log.info({ before: processes, now: count }, 'a process left the cluster; looking for ghosts');
            pass();
          }
          processes = count;
          lost = false;
          catchUp.run();
        },
        () => {
          // Redis unreachable: every connection reconnects by itself; the next check tries again.
          if (!lost) log.warn('cannot reach Redis: requests that need other processes fail');
          lost = true;
        },
      )
      .finally(() => (counting = false));
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
