/**
 * The Redis Streams adapter for running several server processes behind one address. Chosen over the
 * pub/sub adapter because it supports Socket.IO connection state recovery: a short drop does not
 * lose the events sent meanwhile.
 *
 * Redis may go away while the processes run (a restart, a crash). Then no process dies and none hangs:
 * the connection the adapter publishes with refuses commands at once while it is down (no offline
 * queue), so whatever needs the cluster answers UNAVAILABLE straight away; every connection
 * reconnects by itself with a capped back-off; failures the adapter would leave unhandled are caught
 * (adapter-client.ts); and once Redis is back each process fetches the others' state again
 * (join-cluster.ts).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { CodedError } from '../../../common/result';
import { adapterClient, answeringAdapter, type RedisClient } from './adapter-client';
import { redisRoomClaims, type RoomClaims } from './claims';

export interface RedisAdapter {
  adapter: ServerOptions['adapter'];
  /** Atomic room creation across processes, on the connection the adapter publishes with. */
  claims: RoomClaims;
  close(): Promise<void>;
}

/** Longest wait between reconnection attempts once the server is running. */
const MAX_RETRY_MS = 3_000;
/**
 * How long a command may wait to be sent (node-redis times a command until it is written; claims
 * bound the wait for the answer themselves, claims.ts).
 */
const COMMAND_TIMEOUT_MS = 2_000;
/** How long the adapter's stream reader blocks in XREAD before asking again (the adapter's default). */
const READ_BLOCK_MS = 5_000;

/**
 * Logs a connection's losses and returns once each, not every failed reconnection attempt: an
 * outage is one warning and one recovery line per connection.
 */
function watchConnection(client: RedisClient, role: string, log: Logger, running: () => boolean): void {
  let lost = false;
  client.on('error', (error: unknown) => {
    if (!running() || lost) return;
    lost = true;
    log.warn({ err: error, connection: role }, 'lost the connection to Redis; reconnecting');
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.info({ connection: role }, 'reconnected to Redis');
  });
}

/**
 * Connects first, so an unreachable Redis fails the start with a clear error instead of a server
 * that silently runs alone; after that, reconnects forever with a capped back-off.
 */
export async function connectRedisAdapter(url: string, logger: Logger): Promise<RedisAdapter> {
  const log = logger.child({ name: 'server:redis' });
  let started = false;
  const running = () => started;
  const client: RedisClient = createClient({
    url,
    socket: {
      connectTimeout: 3_000,
      reconnectStrategy: (retries: number) =>
        started ? Math.min(100 * 2 ** retries, MAX_RETRY_MS) : new Error('Redis is unreachable.'),
    },
    // Commands fail at once while Redis is away instead of piling up until their timeout.
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
  });
  watchConnection(client, 'publishing', log, running);
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodedError('REDIS_UNREACHABLE', `Could not connect to Redis at ${url} (${reason}).`);
  }
  started = true;
  log.info('connected to redis');

  // The adapter's own connections (stream reader, subscriber) keep their offline queue: their XREAD
  // and SUBSCRIBE wait for Redis to return instead of failing in a tight loop. A blocking XREAD must
  // outlast its block time.
  const readers: RedisClient[] = [];
  const reader = (): RedisClient => {
    const copy = client.duplicate({
      disableOfflineQueue: false,
      commandOptions: { timeout: READ_BLOCK_MS + COMMAND_TIMEOUT_MS },
    });
    watchConnection(copy, 'reading', log, running);
    readers.push(copy);
    return copy;
  };
  const report = (error: unknown) => log.debug({ err: error }, 'a message to the other processes was lost');
  return {
    adapter: answeringAdapter(
      createAdapter(adapterClient(client, reader, report), { blockTimeInMs: READ_BLOCK_MS }),
      report,
    ),
    claims: redisRoomClaims(client, (error) => log.warn({ err: error }, 'could not release a room claim')),
    async close() {
      started = false;
      if (client.isOpen) await client.quit().catch(() => undefined);
      for (const copy of readers) if (copy.isOpen) copy.destroy();
    },
  };
}
