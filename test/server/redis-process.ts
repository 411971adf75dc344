/**
 * A throwaway Debian `redis-server` on a free loopback port (or a given one, to bring it back where
 * the servers expect it), without persistence, for tests of several server processes sharing state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../support/ports';

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export interface RedisProcess {
  url: string;
  port: number;
  /** SIGTERM, or SIGKILL for a Redis that dies without closing anything. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export async function startRedis(port?: number): Promise<RedisProcess> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server not found at ${REDIS_SERVER}. Install it: apt-get install -y redis-server`);
  }
  port ??= await freePort();
  const redis: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  redis.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const deadline = Date.now() + 10_000;
  while (!log.includes('Ready to accept connections')) {
    if (redis.exitCode !== null || Date.now() > deadline) {
      redis.kill('SIGKILL');
      throw new Error(`redis-server did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop(signal = 'SIGTERM') {
      if (redis.exitCode !== null || redis.signalCode !== null) return;
      const exited = new Promise((resolve) => redis.once('exit', resolve));
      redis.kill(signal);
      await exited;
    },
  };
}
