/**
 * A Redis outage under two real server processes (`--redis`): Redis is killed and stays away longer
 * than the Redis client's command timeout (5 s, the timeout whose errors used to kill both processes,
 * and the adapter's 5 s wait for other processes' answers). Meanwhile requests that need the cluster
 * are refused `UNAVAILABLE` within the client's ack timeout and both processes live on; once Redis is
 * back on the same port (empty: the test Redis keeps no data) they resynchronise by themselves and a
 * call across processes works. Every wait is for an event or a condition, with generous bounds.
 */
import { afterAll, afterEach, expect, it } from 'vitest';
import { ACK_TIMEOUT_MS } from '../../common/limits';
import type { Result } from '../../common/result';
import type { CallRinging } from '../../common/signaling/call';
import type { DirectoryEntry } from '../../common/signaling/presence';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { deviceId, raw, refusedWith, request, useHarness, waitFor, type Client } from './helpers';
import { startRedis, type RedisProcess } from './redis-process';

const harness = useHarness();
/** How long Redis stays away: three times the Redis client's 5 s command timeout. */
const OUTAGE_MS = 15_000;
/** Bounds every wait for the cluster to come together again; it does within seconds, even loaded. */
const RECOVERY_WAIT_MS = 60_000;
let redis: RedisProcess | null = null;
const processes: ServerProcess[] = [];
const logs = new Map<ServerProcess, string>();

afterEach(async () => {
  await harness.cleanup();
  await Promise.all(processes.splice(0).map((p) => p.stop()));
  logs.clear();
});

afterAll(async () => {
  await redis?.stop();
});

async function serverProcess(url: string): Promise<ServerProcess> {
  const started = await startServerProcess(['--redis', url, '--log-level', 'warn'], { webClient: false });
  processes.push(started);
  logs.set(started, '');
  started.child.stderr?.on('data', (chunk: Buffer) =>
    logs.set(started, logs.get(started) + chunk.toString()),
  );
  return started;
}

const at = (server: ServerProcess) => ({ host: '127.0.0.1', port: 0, url: server.url });
const device = (server: ServerProcess, id: string, name: string) => harness.device(at(server), id, name);
const alive = (server: ServerProcess) => server.child.exitCode === null && server.child.signalCode === null;

/** A request whose answer must come within the client's ack timeout, as the web client waits. */
function answer(client: Client, event: string, payload: unknown): Promise<Result<unknown>> {
  return raw(client).timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload) as Promise<Result<unknown>>;
}

async function directory(client: Client): Promise<string[]> {
  const result = await request(client, 'directory:list');
  if (!result.ok) throw new Error(`directory:list refused: ${result.error.code}`);
  return (result.data as DirectoryEntry[]).map((entry) => entry.deviceId).sort();
}

/** A fresh Redis and two server processes sharing it; `port`, to bring Redis back where they expect it. */
async function twoProcessesOnRedis(): Promise<{ port: number; one: ServerProcess; two: ServerProcess }> {
  redis = await startRedis();
  const one = await serverProcess(redis.url);
  const two = await serverProcess(redis.url);
  return { port: redis.port, one, two };
}

it(
  'Redis down longer than the client timeouts: UNAVAILABLE, nobody dies, and a call across processes after',
  { timeout: 180_000 },
  async () => {
    const { port, one, two } = await twoProcessesOnRedis();
    const ids = { ada: deviceId('ada'), bob: deviceId('bob'), cy: deviceId('cy'), dan: deviceId('dan') };
    const ada = await device(one, ids.ada, 'Ada');
    const dan = await device(one, ids.dan, 'Dan');
    const bob = await device(two, ids.bob, 'Bob');
    await expect.poll(() => directory(ada), { timeout: RECOVERY_WAIT_MS }).toHaveLength(3);

    // Dan (process one) rings Bob (process two): the call lives in process one.
    const bobRings = waitFor<CallRinging>(bob, 'call:ringing', () => true, RECOVERY_WAIT_MS);
    expect(await request(dan, 'call:invite', { to: [ids.bob] })).toMatchObject({ ok: true });
    const { callId } = await bobRings;

    await redis?.stop('SIGKILL');

    // A new room needs a claim in Redis; accepting needs the process that owns the call.
    expect(await answer(ada, 'room:join', { room: 'outage', name: 'Ada' })).toEqual(
      refusedWith('UNAVAILABLE'),
    );
    expect(await answer(bob, 'call:accept', { callId })).toEqual(refusedWith('UNAVAILABLE'));
    // Cy arrives in process two while the processes cannot tell each other anything.
    const cy = await device(two, ids.cy, 'Cy');
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    expect(await answer(ada, 'room:join', { room: 'outage', name: 'Ada' })).toEqual(
      refusedWith('UNAVAILABLE'),
    );
    expect(alive(one), logs.get(one)).toBe(true);
    expect(alive(two), logs.get(two)).toBe(true);

    redis = await startRedis(port);

    // Process one learns by itself of the device that arrived in process two during the outage.
    await expect
      .poll(() => directory(ada), { timeout: RECOVERY_WAIT_MS })
      .toEqual([ids.ada, ids.bob, ids.cy, ids.dan].sort());
    // Ada (process one) rings Cy (process two); Cy accepts: both are in the call room.
    const cyRings = waitFor<CallRinging>(cy, 'call:ringing', () => true, RECOVERY_WAIT_MS);
    const adaSees = waitFor(ada, 'peer:joined', (p: { id: string }) => p.id === cy.id, RECOVERY_WAIT_MS);
    expect(await request(ada, 'call:invite', { to: [ids.cy] })).toMatchObject({ ok: true });
    const ring = await cyRings;
    expect(ring.from.deviceId).toBe(ids.ada);
    expect(await answer(cy, 'call:accept', { callId: ring.callId })).toMatchObject({
      ok: true,
      data: { callId: ring.callId, peers: [{ id: ada.id, name: 'Ada' }] },
    });
    await expect(adaSees).resolves.toEqual({ id: cy.id, name: 'Cy' });
    // New rooms can be claimed again.
    const late = await harness.connect(at(two));
    expect(await answer(late, 'room:join', { room: 'after', name: 'Late' })).toMatchObject({ ok: true });
    expect(alive(one) && alive(two)).toBe(true);
  },
);

it(
  'room changes made during a Redis outage reach every member once Redis is back: a join, a lock, a leave and the host it moved',
  { timeout: 180_000 },
  async () => {
    const { port, one, two } = await twoProcessesOnRedis();
    const ada = await device(one, deviceId('ada'), 'Ada');
    const dan = await device(one, deviceId('dan'), 'Dan');
    const bob = await device(two, deviceId('bob'), 'Bob');
    const cy = await device(two, deviceId('cy'), 'Cy');
    expect(await request(ada, 'room:join', { room: 'stay', name: 'Ada' })).toMatchObject({ ok: true });
    const bobSeesDan = waitFor(bob, 'peer:joined', (p: { id: string }) => p.id === dan.id, RECOVERY_WAIT_MS);
    await expect
      .poll(async () => (await request(bob, 'room:join', { room: 'stay', name: 'Bob' })).ok, {
        timeout: RECOVERY_WAIT_MS,
      })
      .toBe(true);
    expect(await request(dan, 'room:join', { room: 'stay', name: 'Dan' })).toMatchObject({ ok: true });
    await bobSeesDan;

    await redis?.stop('SIGKILL');
    // Both processes know Redis is gone: whatever they publish from now on is lost.
    await expect
      .poll(() => [one, two].every((p) => logs.get(p)?.includes('cannot reach Redis')), {
        timeout: RECOVERY_WAIT_MS,
      })
      .toBe(true);
    // Cy joins on process two, which still has the room; Ada, its host, locks it and leaves on process one.
    expect(await answer(cy, 'room:join', { room: 'stay', name: 'Cy' })).toMatchObject({ ok: true });
    expect(await answer(ada, 'room:lock', { locked: true })).toMatchObject({ ok: true });
    expect(await request(ada, 'room:leave')).toMatchObject({ ok: true });

    const danSeesCy = waitFor(dan, 'peer:joined', (p: { id: string }) => p.id === cy.id, RECOVERY_WAIT_MS);
    const bobSeesAdaGo = waitFor(bob, 'peer:left', (p: { id: string }) => p.id === ada.id, RECOVERY_WAIT_MS);
    const cySeesAdaGo = waitFor(cy, 'peer:left', (p: { id: string }) => p.id === ada.id, RECOVERY_WAIT_MS);
    const bobHosts = waitFor(
      bob,
      'room:updated',
      (s: { host: string; locked: boolean }) => s.host === bob.id && s.locked,
      RECOVERY_WAIT_MS,
    );
    redis = await startRedis(port);

    const [joined, bobLeft, cyLeft, state] = await Promise.all([
      danSeesCy,
      bobSeesAdaGo,
      cySeesAdaGo,
      bobHosts,
    ]);
    expect(joined).toEqual({ id: cy.id, name: 'Cy' });
    expect([bobLeft, cyLeft]).toEqual([{ id: ada.id }, { id: ada.id }]);
    expect(state).toEqual({ host: bob.id, locked: true });
  },
);
