/**
 * What the Redis Streams adapter is given (server/src/cluster/adapter-client.ts): failures it would
 * leave unhandled are reported instead, and a server-side emit that cannot be sent still answers.
 * The client side runs against a real redis-server that is then killed.
 */
import { createClient } from 'redis';
import { afterEach, expect, it, vi } from 'vitest';
import { adapterClient, answeringAdapter, type RedisClient } from '../../server/src/cluster/adapter-client';
import { startRedis, type RedisProcess } from './redis-process';

let redis: RedisProcess | null = null;
let client: RedisClient | null = null;

afterEach(async () => {
  client?.destroy();
  client = null;
  await redis?.stop();
  redis = null;
});

it('PUBLISH and SET to a Redis that is gone resolve as delivered to nobody, and are reported', async () => {
  redis = await startRedis();
  client = createClient({
    url: redis.url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: () => 1_000 },
  });
  client.on('error', () => undefined);
  await client.connect();
  const report = vi.fn();
  const facade = adapterClient(client, () => client as RedisClient, report);
  expect(await facade.publish('channel', Buffer.from('before'))).toBe(0);
  expect(report).not.toHaveBeenCalled();

  await redis.stop('SIGKILL');
  await vi.waitUntil(() => client?.isReady === false, { timeout: 10_000 });

  await expect(facade.publish('channel', Buffer.from('during'))).resolves.toBe(0);
  await expect(facade.set('key', 'value', { PX: 1_000 })).resolves.toBeNull();
  expect(report).toHaveBeenCalledTimes(2);
  // Everything else fails to the adapter, which handles it.
  await expect(facade.sendCommand(['PUBSUB', 'NUMSUB', 'channel'])).rejects.toThrow();
});

it('a server-side emit that fails before it is sent calls its ack with the error', async () => {
  const failure = new Error('The client is offline');
  const emits: unknown[][] = [];
  // A namespace adapter reduced to the one method the wrapper changes.
  const adapter = {
    serverSideEmit(packet: unknown[]) {
      emits.push([...packet]);
      packet.pop();
      return Promise.reject(failure);
    },
  };
  const report = vi.fn();
  // The factory's types are the adapter package's; this stands in for it.
  const factory = (() => adapter) as unknown as Parameters<typeof answeringAdapter>[0];
  const wrapped = answeringAdapter(factory, report)({});

  const ack = vi.fn();
  await wrapped.serverSideEmit(['nearcast:alive', ack]);
  expect(ack).toHaveBeenCalledWith(failure, []);
  expect(emits).toEqual([['nearcast:alive', ack]]);

  // Without an ack there is nobody to answer: the failure is reported.
  await wrapped.serverSideEmit(['nearcast:state', { op: 'leave', peerId: 'x' }]);
  expect(report).toHaveBeenCalledWith(failure);
});
