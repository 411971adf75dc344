/**
 * The Redis Streams adapter for running several server processes behind one address. Chosen over the
 * pub/sub adapter because it supports Socket.IO connection state recovery: a short drop does not
 * lose the events sent meanwhile.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { CodedError } from '../../../common/result';
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
 * Connects first, so an unreachable Redis fails the start with a clear error instead of a server
 * that silently runs alone; after that, reconnects forever with a capped back-off.
 */
export async function connectRedisAdapter(url: string, logger: Logger): Promise<RedisAdapter> {
  const log = logger.child({ name: 'server:redis' });
  let started = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 3_000,
      reconnectStrategy: (retries: number) =>
        started ? Math.min(100 * 2 ** retries, MAX_RETRY_MS) : new Error('Redis is unreachable.'),
    },
  });
  client.on('error', (error: unknown) => {
    if (started) log.warn({ err: error }, 'redis connection problem');
  });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodedError('REDIS_UNREACHABLE', `Could not connect to Redis at ${url} (${reason}).`);
  }
  started = true;
  log.info('connected to redis');
  return {
    adapter: createAdapter(client),
    claims: redisRoomClaims(client, (error) => log.warn({ err: error }, 'could not release a room claim')),
    async close() {
      started = false;
      if (client.isOpen) await client.quit().catch(() => undefined);
    },
  };
}
