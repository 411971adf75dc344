/**
 * Rejoin passes across two server processes sharing Redis: a member whose connection dropped may come
 * back through the other process, which must honour the pass its first process gave, and a pass
 * revoked on one process opens nothing on the other.
 */
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JoinedRoom } from '../../common/signaling/room';
import { connectRedisAdapter, type RedisAdapter } from '../../server/src/cluster/redis';
import { flush, recordEvents, request, refusedWith, useHarness, waitFor, type Client } from './helpers';
import { startRedis, type RedisProcess } from './redis-process';

const harness = useHarness();
let redis: RedisProcess | null = null;
const adapters: RedisAdapter[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await harness.cleanup();
  await Promise.all(adapters.splice(0).map((a) => a.close()));
});

afterAll(async () => {
  await redis?.stop();
});

async function node() {
  const adapter = await connectRedisAdapter(redis?.url ?? '', pino({ level: 'silent' }));
  adapters.push(adapter);
  return harness.start({
    adapter: adapter.adapter,
    roomClaims: adapter.claims,
    recoveryWindowMs: 0,
    logger: pino({ level: 'silent' }),
  });
}

async function joinAs(
  client: Client,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<JoinedRoom> {
  const result = await request(client, 'room:join', { room: 'standup', name, ...extra });
  expect(result).toMatchObject({ ok: true });
  return (result as { ok: true; data: JoinedRoom }).data;
}

/** Ada on process one hosts a locked PIN room; Bob and Dan joined it through process two. */
async function lockedRoomOnTwoProcesses() {
  const one = await node();
  const two = await node();
  const ada = await harness.connect(one.address);
  const bob = await harness.connect(two.address);
  await joinAs(ada, 'Ada', { pin: '2468' });
  await expect.poll(() => two.server.stats().rooms).toBe(1);
  // Process one knows Bob (and his pass) once Ada hears of him.
  const heard = waitFor(ada, 'peer:joined');
  const bobJoined = await joinAs(bob, 'Bob', { pin: '2468' });
  await heard;
  const dan = await harness.connect(two.address);
  await joinAs(dan, 'Dan', { pin: '2468' });
  const locked = waitFor(dan, 'room:updated');
  expect(await request(ada, 'room:lock', { locked: true })).toMatchObject({ ok: true });
  await locked;
  return { one, two, ada, bob, dan, bobJoined };
}

describe('rejoin passes in a cluster', () => {
  it('a member dropped from one process comes back through the other, replacing its old id there', async () => {
    const { one, ada, bob, dan, bobJoined } = await lockedRoomOnTwoProcesses();
    const events = recordEvents(ada);
    const danHears = waitFor<{ id: string }>(dan, 'peer:left', ({ id }) => id === bob.id);
    const again = await harness.connect(one.address);

    // Process two still holds Bob's old socket: the rejoin through process one removes it everywhere.
    const back = await joinAs(again, 'Bob', { rejoinPass: bobJoined.rejoinPass });
    expect(back.peers.map((peer) => peer.id)).toEqual([ada.id, dan.id]);
    expect(back.rejoinPass).not.toBe(bobJoined.rejoinPass);
    await flush(ada);
    expect(events).toEqual([
      ['peer:left', { id: bob.id }],
      ['peer:joined', { id: again.id, name: 'Bob' }],
    ]);
    await danHears;
    expect(await request(bob, 'room:leave')).toEqual(refusedWith('NOT_IN_ROOM'));
  });

  it('a process that joins the cluster later honours passes given before it started', async () => {
    const { ada, bob, dan, bobJoined } = await lockedRoomOnTwoProcesses();
    const bobId = bob.id;
    const danHears = waitFor<{ id: string }>(dan, 'peer:left', ({ id }) => id === bobId);
    bob.disconnect();
    await danHears;
    const three = await node();
    const again = await harness.connect(three.address);

    const joined = waitFor<{ id: string }>(ada, 'peer:joined');
    expect(await joinAs(again, 'Bob', { rejoinPass: bobJoined.rejoinPass })).toMatchObject({
      locked: true,
      peers: [{ id: ada.id }, { id: dan.id }],
    });
    expect(await joined).toEqual({ id: again.id, name: 'Bob' });
  });

  it('a pass spent or revoked on one process opens nothing on the other', async () => {
    const { one, two, ada, bob, dan, bobJoined } = await lockedRoomOnTwoProcesses();
    const left = waitFor(ada, 'peer:left');
    expect(await request(bob, 'room:leave')).toMatchObject({ ok: true });
    await left;
    const again = await harness.connect(one.address);

    expect(
      await request(again, 'room:join', { room: 'standup', name: 'Bob', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('WRONG_PIN'));

    // Cy drops from process two and comes back through process one; the spent pass fails on two.
    const cy = await harness.connect(two.address);
    expect(await request(ada, 'room:lock', { locked: false })).toMatchObject({ ok: true });
    const cyHeard = waitFor(ada, 'peer:joined');
    const cyJoined = await joinAs(cy, 'Cy', { pin: '2468' });
    await cyHeard;
    expect(await request(ada, 'room:lock', { locked: true })).toMatchObject({ ok: true });
    const cyLeft = waitFor(ada, 'peer:left');
    cy.disconnect();
    await cyLeft;
    // Dan's process applied the spending (published before the join) once Dan hears of the join.
    const danHears = waitFor<{ id: string }>(dan, 'peer:joined', ({ id }) => id === again.id);
    await joinAs(again, 'Cy', { rejoinPass: cyJoined.rejoinPass });
    await danHears;
    const replayed = await harness.connect(two.address);
    expect(
      await request(replayed, 'room:join', { room: 'standup', name: 'Eve', rejoinPass: cyJoined.rejoinPass }),
    ).toEqual(refusedWith('WRONG_PIN'));
  });
});
