/**
 * What the Redis Streams adapter (0.3) is given, so that Redis going away never ends a process.
 *
 * The adapter drops the promise of some commands it sends: the PUBLISH of every server-side event and
 * the SET that keeps a recovery session. Once Redis is unreachable they fail, and a failure nobody
 * handles is an unhandled rejection, fatal in Node: two processes died within seconds of Redis dying.
 * And a server-side emit that waits for answers first asks Redis how many processes there are; when
 * that fails, its acknowledgement is never called, so `serverSideEmitWithAck` would wait for ever and
 * the request behind it would never be answered.
 */
import type { createAdapter } from '@socket.io/redis-streams-adapter';
import type { createClient } from 'redis';

/** A node-redis client as `createClient` builds it. */
export type RedisClient = ReturnType<typeof createClient>;

/** Reports a failure that has no caller to go to. */
type Report = (error: unknown) => void;

/**
 * The publishing client as the adapter uses it (the node-redis v4+ methods it calls, nothing else):
 * PUBLISH and SET failures are reported and answered as "nobody received it"; every other command
 * passes through and its failure reaches the adapter, which handles it. Its own connections come
 * from `duplicate`.
 */
export function adapterClient(client: RedisClient, duplicate: () => RedisClient, report: Report) {
  const delivered = <T>(sent: Promise<T>, nobody: T): Promise<T> =>
    sent.catch((error: unknown) => {
      report(error);
      return nobody;
    });
  return {
    duplicate,
    // The adapter tells node-redis from ioredis by this method; sharded pub/sub is not used.
    sSubscribe: client.sSubscribe.bind(client),
    publish: (channel: string, message: Buffer) => delivered(client.publish(channel, message), 0),
    sPublish: (channel: string, message: Buffer) => delivered(client.sPublish(channel, message), 0),
    set: (key: string, value: string, options: { PX: number }) =>
      delivered(client.set(key, value, options), null),
    xAdd: client.xAdd.bind(client),
    xRange: client.xRange.bind(client),
    multi: () => client.multi(),
    sendCommand: (args: string[]) => client.sendCommand(args),
  };
}

/** The adapter package's factory: one adapter per namespace. */
type AdapterFactory = ReturnType<typeof createAdapter>;

/**
 * Wraps the adapter factory so that a server-side emit that fails before it is sent (the number of
 * processes cannot be read) calls its acknowledgement with the error: the caller's promise rejects
 * and the request behind it is answered.
 */
export function answeringAdapter(factory: AdapterFactory, report: Report): AdapterFactory {
  // A function, not an arrow: Socket.IO calls the adapter option with `new`, and an object returned
  // from a constructor call is its result.
  return function answering(nsp: unknown) {
    const adapter = factory(nsp);
    const emit = adapter.serverSideEmit.bind(adapter);
    adapter.serverSideEmit = async (packet: unknown[]) => {
      const ack: unknown = packet.at(-1);
      try {
        return await emit(packet);
      } catch (error) {
        if (typeof ack === 'function') ack(error, []);
        else report(error);
        return undefined;
      }
    };
    return adapter;
  };
}
