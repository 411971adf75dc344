/**
 * Two server processes' worth of state (two createSignalingServer instances, each with its own Redis
 * client) sharing a Debian redis-server on 127.0.0.1: presence, calls and relay across them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallEnded, CallInvited, CallRinging } from '../../common/signaling/call';
import type { DirectoryEntry } from '../../common/signaling/presence';
import type { RoomState } from '../../common/signaling/room';
import type { RelayedSignal } from '../../common/signaling/signal';
import { connectRedisAdapter, type RedisAdapter } from '../../server/src/cluster/redis';
import { io as connectSocket } from 'socket.io-client';
import { deviceId, offer, request, useHarness, waitFor, type Client } from './helpers';
import { connectWithChallenge, newDeviceKey, proofFor } from './device-keys';
import { freePort } from '../support/ports';
import { FakeForwardingUnit } from '../fakes/forwarding-unit';

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const harness = useHarness();
let redis: ChildProcess | null = null;
let redisUrl = '';
const adapters: RedisAdapter[] = [];

beforeAll(async () => {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server not found at ${REDIS_SERVER}. Install it: apt-get install -y redis-server`);
  }
  const port = await freePort();
  redis = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  redis.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const deadline = Date.now() + 10_000;
  while (!log.includes('Ready to accept connections')) {
    if (redis.exitCode !== null || Date.now() > deadline)
      throw new Error(`redis-server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  redisUrl = `redis://127.0.0.1:${port}`;
});

afterEach(async () => {
  await harness.cleanup();
  await Promise.all(adapters.splice(0).map((a) => a.close()));
});

afterAll(async () => {
  if (redis && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis?.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }
});

async function node(recoveryWindowMs = 0, reconcileIntervalMs = 10_000) {
  const adapter = await connectRedisAdapter(redisUrl, pino({ level: 'silent' }));
  adapters.push(adapter);
  const started = await harness.start({
    adapter: adapter.adapter,
    roomClaims: adapter.claims,
    recoveryWindowMs,
    reconcileIntervalMs,
    logger: pino({ level: 'silent' }),
  });
  return { ...started, redis: adapter };
}

async function directory(client: Client): Promise<DirectoryEntry[]> {
  const result = await request(client, 'directory:list');
  return result.ok ? (result.data as DirectoryEntry[]) : [];
}

/** Ada registered on one process and Bob on another, each already listed in the other's directory. */
async function adaAndBobOnTwoProcesses() {
  const one = await node();
  const two = await node();
  const adaId = deviceId('ada');
  const bobId = deviceId('bob');
  const ada = await harness.device(one.address, adaId, 'Ada');
  const bob = await harness.device(two.address, bobId, 'Bob');
  await expect.poll(async () => (await directory(ada)).length).toBe(2);
  return { one, two, ada, bob, adaId, bobId };
}

describe('two processes sharing Redis', () => {
  it('keep every room a mesh even when given a forwarding unit: a unit lives in one process', async () => {
    const adapter = await connectRedisAdapter(redisUrl, pino({ level: 'silent' }));
    adapters.push(adapter);
    const unit = new FakeForwardingUnit();
    const { address } = await harness.start({
      adapter: adapter.adapter,
      roomClaims: adapter.claims,
      forwarding: { unit, switchAbove: 1 },
      logger: pino({ level: 'silent' }),
    });
    const ada = await harness.connect(address);

    expect(await request(ada, 'room:join', { room: 'lecture', name: 'Ada', present: true })).toMatchObject({
      ok: true,
      data: { mode: 'mesh' },
    });
    const bob = await harness.joined(address, 'lecture', 'Bob');
    expect(bob.joined.mode).toBe('mesh');
    expect(await request(bob.client, 'unit:signal', { pc: 'publish', data: offer() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_ROOM' },
    });
    expect(unit.calls).toEqual([]);
  });

  it('clients on different processes see each other in the directory, and leaving is seen too', async () => {
    const one = await node();
    const two = await node();
    const adaId = deviceId('ada');
    const bobId = deviceId('bob');
    const ada = await harness.device(one.address, adaId, 'Ada');
    const adaSeesBob = waitFor<DirectoryEntry>(ada, 'presence:updated', (e) => e.deviceId === bobId);
    const bob = await harness.device(two.address, bobId, 'Bob');

    await expect(adaSeesBob).resolves.toEqual({ deviceId: bobId, name: 'Bob', status: 'available' });
    expect((await directory(bob)).map((e) => e.deviceId).sort()).toEqual([adaId, bobId].sort());
    expect((await directory(ada)).map((e) => e.deviceId).sort()).toEqual([adaId, bobId].sort());

    const left = waitFor(ada, 'presence:left');
    bob.disconnect();
    await expect(left).resolves.toEqual({ deviceId: bobId });
    expect((await directory(ada)).map((e) => e.deviceId)).toEqual([adaId]);
  });

  it('a call across processes: invite, ring, accept, signal relay both ways, hang up', async () => {
    const { one, two, ada, bob, adaId, bobId } = await adaAndBobOnTwoProcesses();
    const ringing = waitFor<CallRinging>(bob, 'call:ringing');

    const invited = await request(ada, 'call:invite', { to: [bobId] });
    expect(invited).toMatchObject({ ok: true, data: { ringing: [bobId] } });
    const { callId } = (invited as { data: CallInvited }).data;
    await expect(ringing).resolves.toEqual({ callId, from: { deviceId: adaId, name: 'Ada' } });

    const adaSeesBob = waitFor(ada, 'peer:joined');
    const accepted = await request(bob, 'call:accept', { callId });
    expect(accepted).toEqual({
      ok: true,
      data: { callId, self: { id: bob.id, name: 'Bob' }, peers: [{ id: ada.id, name: 'Ada' }] },
    });
    await expect(adaSeesBob).resolves.toEqual({ id: bob.id, name: 'Bob' });

    const toBob = waitFor<RelayedSignal>(bob, 'signal');
    expect(await request(ada, 'signal', { to: bob.id, data: offer('from ada') })).toEqual({
      ok: true,
      data: null,
    });
    await expect(toBob).resolves.toEqual({ from: ada.id, data: offer('from ada') });
    const toAda = waitFor<RelayedSignal>(ada, 'signal');
    expect(await request(bob, 'signal', { to: ada.id, data: offer('from bob') })).toEqual({
      ok: true,
      data: null,
    });
    await expect(toAda).resolves.toEqual({ from: bob.id, data: offer('from bob') });

    // Busy is known on both processes.
    const cy = await harness.device(two.address, deviceId('cy'), 'Cy');
    await expect
      .poll(async () => (await directory(cy)).find((e) => e.deviceId === adaId)?.status)
      .toBe('in-call');
    expect(await request(cy, 'call:invite', { to: [adaId] })).toMatchObject({
      ok: false,
      error: { code: 'BUSY' },
    });

    const ended = waitFor<CallEnded>(ada, 'call:ended');
    const adaTold = waitFor(ada, 'peer:left');
    expect(await request(bob, 'room:leave')).toEqual({ ok: true, data: null });
    await expect(adaTold).resolves.toEqual({ id: bob.id });
    await expect(ended).resolves.toEqual({ callId, reason: 'hung-up' });
    await expect.poll(() => one.server.stats()).toMatchObject({ rooms: 0, calls: 0 });
    await expect.poll(() => two.server.stats()).toMatchObject({ rooms: 0, calls: 0 });
  });

  it('a callee on another process declining ends the call for the caller', async () => {
    const { ada, bob, bobId } = await adaAndBobOnTwoProcesses();
    const ringing = waitFor<CallRinging>(bob, 'call:ringing');
    await request(ada, 'call:invite', { to: [bobId] });
    const { callId } = await ringing;
    const ended = waitFor<CallEnded>(ada, 'call:ended');

    expect(await request(bob, 'call:decline', { callId })).toEqual({ ok: true, data: null });

    await expect(ended).resolves.toEqual({ callId, reason: 'declined' });
    expect(await request(bob, 'call:accept', { callId })).toMatchObject({
      error: { code: 'CALL_NOT_FOUND' },
    });
  });

  it('a named room spans processes: join, PIN, relay and peer:left', async () => {
    const one = await node();
    const two = await node();
    const ada = await harness.connect(one.address);
    const bob = await harness.connect(two.address);
    expect(await request(ada, 'room:join', { room: 'standup', name: 'Ada', pin: '2468' })).toMatchObject({
      ok: true,
    });
    await expect.poll(() => two.server.stats().rooms).toBe(1);

    expect(await request(bob, 'room:join', { room: 'standup', name: 'Bob' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PIN' },
    });
    const joined = waitFor(ada, 'peer:joined');
    const result = await request(bob, 'room:join', { room: 'standup', name: 'Bob', pin: '2468' });
    expect(result).toMatchObject({ ok: true, data: { peers: [{ id: ada.id, name: 'Ada' }] } });
    await expect(joined).resolves.toEqual({ id: bob.id, name: 'Bob' });

    const relayed = waitFor<RelayedSignal>(ada, 'signal');
    expect(await request(bob, 'signal', { to: ada.id, data: offer() })).toEqual({ ok: true, data: null });
    await expect(relayed).resolves.toEqual({ from: bob.id, data: offer() });

    const left = waitFor(ada, 'peer:left');
    const bobId = bob.id;
    bob.disconnect();
    await expect(left).resolves.toEqual({ id: bobId });
  });

  it('the host and the lock reach members on every process, and the host moves across them', async () => {
    const one = await node();
    const two = await node();
    const ada = await harness.connect(one.address);
    const bob = await harness.connect(two.address);
    const cy = await harness.connect(one.address);
    await request(ada, 'room:join', { room: 'standup', name: 'Ada' });
    await expect.poll(() => two.server.stats().rooms).toBe(1);
    expect(await request(bob, 'room:join', { room: 'standup', name: 'Bob' })).toMatchObject({
      ok: true,
      data: { host: ada.id, locked: false },
    });
    await request(cy, 'room:join', { room: 'standup', name: 'Cy' });

    // Both hear the lock before Ada leaves: Cy's notice would otherwise be taken for the next one.
    const bobLocked = waitFor(bob, 'room:updated');
    const cyLocked = waitFor(cy, 'room:updated');
    expect(await request(ada, 'room:lock', { locked: true })).toEqual({ ok: true, data: null });
    await expect(bobLocked).resolves.toEqual({ host: ada.id, locked: true });
    await expect(cyLocked).resolves.toEqual({ host: ada.id, locked: true });

    // Cy's process may hand the room to Cy until Bob's join reaches it, then to Bob: Cy ends told Bob.
    const cyHears = waitFor<RoomState>(cy, 'room:updated', (state) => state.host === bob.id);
    const bobHears = waitFor(bob, 'room:updated');
    await request(ada, 'room:leave');
    await expect(cyHears).resolves.toEqual({ host: bob.id, locked: true });
    // Bob acts as host once told, as his app does: the news reaches his process on the same ordered
    // channel as Ada's departure, after it, so his process knows it too by then.
    await expect(bobHears).resolves.toEqual({ host: bob.id, locked: true });

    const asked = waitFor(cy, 'room:unmute-asked');
    expect(await request(bob, 'room:ask-unmute', { peerId: cy.id })).toEqual({ ok: true, data: null });
    await expect(asked).resolves.toEqual({ from: bob.id });
  });

  it('a device connecting again on the other process replaces its first socket there', async () => {
    const one = await node();
    const two = await node();
    const key = newDeviceKey();
    const id = key.deviceId;
    const onOne = await connectWithChallenge(one.address);
    const first = onOne.client;
    await request(first, 'presence:register', {
      deviceId: id,
      name: 'Ada',
      proof: proofFor(key, onOne.challenge),
    });
    const replaced = waitFor(first, 'presence:replaced');
    const closed = waitFor(first, 'disconnect');

    const onTwo = await connectWithChallenge(two.address);
    const second = onTwo.client;
    await request(second, 'presence:register', {
      deviceId: id,
      name: 'Ada',
      proof: proofFor(key, onTwo.challenge),
    });

    await expect(replaced).resolves.toEqual({ deviceId: id });
    await expect(closed).resolves.toBe('io server disconnect');
    await expect
      .poll(async () => directory(second))
      .toEqual([{ deviceId: id, name: 'Ada', status: 'available' }]);
    await expect.poll(() => one.server.stats().devices).toBe(1);
  });

  it('connection state recovery works through the Redis Streams adapter, across processes', async () => {
    const one = await node(5_000);
    const two = await node(5_000);
    const ada = await harness.connect(one.address);
    const bob = connectSocket(two.address.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 300,
    }) as Client;
    try {
      await waitFor(bob, 'session:welcome');
      await request(ada, 'room:join', { room: 'standup', name: 'Ada' });
      await expect.poll(() => two.server.stats().rooms).toBe(1);
      await request(bob, 'room:join', { room: 'standup', name: 'Bob' });
      const bobId = bob.id ?? '';
      const back = waitFor(bob, 'connect');

      bob.io.engine.close();
      await expect.poll(() => two.server.io.sockets.sockets.has(bobId)).toBe(false);
      const relayed = waitFor<RelayedSignal>(bob, 'signal');
      expect(await request(ada, 'signal', { to: bobId, data: offer('while away') })).toEqual({
        ok: true,
        data: null,
      });

      await back;
      expect(bob.recovered).toBe(true);
      await expect(relayed).resolves.toEqual({ from: ada.id, data: offer('while away') });
    } finally {
      bob.disconnect();
    }
  });
});
