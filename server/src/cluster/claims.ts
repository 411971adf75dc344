/**
 * Who creates a new room when several processes share the rooms (`--redis`). Creating one decides its
 * creator and PIN, and two processes must never both decide: each keeps a replica, and a join racing
 * another in a second process would otherwise find no room there either. So creation goes through one
 * atomic Redis operation, a claim naming the founding socket; the loser waits until the winner's room
 * reaches its replica and then joins it like any existing room, PIN check included.
 *
 * A claim is released (compare-and-delete, so only that room's own claim) when the room empties,
 * before the departure is published on the same Redis connection: a process that saw a room empty
 * can claim it afresh. A claim whose room never shows up (its process died in between) is taken over.
 */
import { CodedError } from '../../../common/result';

export interface RoomClaims {
  /** Claims `room` for `founder` unless it is held; resolves with the holder (`founder` when won). */
  claim(room: string, founder: string): Promise<string>;
  /** Claims `room` for `founder` if it is still held by `stale` (or free); resolves with the holder. */
  takeOver(room: string, stale: string, founder: string): Promise<string>;
  /** Drops the claim if it still names `founder`: the room emptied. Never waited for. */
  release(room: string, founder: string): void;
}

const KEY_PREFIX = 'nearcast:room:';

const CLAIM = `local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]`;

const TAKE_OVER = `local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return held end
redis.call('SET', KEYS[1], ARGV[2])
return ARGV[2]`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

/** The one Redis command claims use: a Lua script run atomically on one key. */
export interface ScriptRunner {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * How long a claim may wait for Redis. Commands are refused at once while Redis is unreachable; this
 * bounds the wait on a connection that looks up but does not answer, so the join behind it is
 * answered (UNAVAILABLE) within the client's ack timeout.
 */
export const CLAIM_ANSWER_MS = 2_000;

/**
 * Claims kept in Redis by `client`, the client the adapter publishes with: Redis runs one
 * connection's commands in order, so a claim or release always lands before the change that
 * announces it reaches any other process.
 */
export function redisRoomClaims(client: ScriptRunner, onError: (error: unknown) => void): RoomClaims {
  const run = (script: string, room: string, args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CodedError('REDIS_TIMEOUT', 'Redis did not answer a room claim in time.')),
        CLAIM_ANSWER_MS,
      );
      client
        .eval(script, { keys: [KEY_PREFIX + room], arguments: args })
        .then((held) => resolve(String(held)), reject)
        .finally(() => clearTimeout(timer));
    });
  return {
    claim: (room, founder) => run(CLAIM, room, [founder]),
    takeOver: (room, stale, founder) => run(TAKE_OVER, room, [stale, founder]),
    release(room, founder) {
      run(RELEASE, room, [founder]).catch(onError);
    },
  };
}
