/**
 * Real server processes (the CLI under tsx, `--redis`) sharing a real redis-server on 127.0.0.1:
 * what happens when one of them is killed with SIGKILL, and when two create the same room at once.
 * Waits are generous (several processes compete for the machine's cores); nothing is timed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallEnded, CallRinging } from '../../common/signaling/call';
import type { DirectoryEntry } from '../../common/signaling/presence';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { deviceId, flush, recordEvents, request, useHarness, waitFor, type Client } from './helpers';
import { startRedis, type RedisProcess } from './redis-process';

const harness = useHarness();
/** Bounds every wait for the cluster to notice a crash: it does within a few seconds, even loaded. */
const CRASH_WAIT_MS = 30_000;
let redis: RedisProcess | null = null;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await harness.cleanup();
  await Promise.all(processes.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  await redis?.stop();
});

async function serverProcess(): Promise<ServerProcess> {
  // Every client connects from loopback: raised above the per-address default.
  const args = ['--redis', redis?.url ?? '', '--log-level', 'warn', '--connection-limit', '1000'];
  const started = await startServerProcess(args, {
    webClient: false,
  });
  processes.push(started);
  return started;
}

const at = (server: ServerProcess) => ({ host: '127.0.0.1', port: 0, url: server.url });
const connect = (server: ServerProcess) => harness.connect(at(server));
const device = (server: ServerProcess, id: string, name: string) => harness.device(at(server), id, name);

async function directory(client: Client): Promise<DirectoryEntry[]> {
  const result = await request(client, 'directory:list');
  if (!result.ok) throw new Error(`directory:list refused: ${result.error.code}`);
  return (result.data as DirectoryEntry[]).sort((a, b) => a.name.localeCompare(b.name));
}

/** The survivor's own gauges: what it holds, read where no client could hide a leftover. */
async function gauges(server: ServerProcess): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', server.url))).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    sockets: read('nearcast_sockets'),
    rooms: read('nearcast_rooms'),
    calls: read('nearcast_calls'),
    devices: read('nearcast_devices'),
  };
}

/** Rings `callee` from `caller` and has it accept; resolves with the call id. */
async function call(caller: Client, callee: Client, calleeDevice: string): Promise<string> {
  const ringing = waitFor<CallRinging>(callee, 'call:ringing', () => true, CRASH_WAIT_MS);
  const invited = await request(caller, 'call:invite', { to: [calleeDevice] });
  if (!invited.ok) throw new Error(`call:invite refused: ${invited.error.code}`);
  const { callId } = await ringing;
  const accepted = await request(callee, 'call:accept', { callId });
  if (!accepted.ok) throw new Error(`call:accept refused: ${accepted.error.code}`);
  return callId;
}

describe('a server process killed with SIGKILL', () => {
  it(
    'its devices leave the directory, its room and call members leave, and nothing of it lingers',
    { timeout: 90_000 },
    async () => {
      const survivor = await serverProcess();
      const victim = await serverProcess();
      const ids = { ada: deviceId('ada'), bob: deviceId('bob'), cy: deviceId('cy') };
      const more = { dan: deviceId('dan'), eve: deviceId('eve'), fay: deviceId('fay') };
      const ringing = { gus: deviceId('gus'), hal: deviceId('hal') };
      const ada = await device(survivor, ids.ada, 'Ada');
      const dan = await device(survivor, more.dan, 'Dan');
      const eve = await device(survivor, more.eve, 'Eve');
      const bob = await device(victim, ids.bob, 'Bob');
      const cy = await device(victim, ids.cy, 'Cy');
      const fay = await device(victim, more.fay, 'Fay');
      const gus = await device(survivor, ringing.gus, 'Gus');
      const hal = await device(victim, ringing.hal, 'Hal');
      await expect.poll(async () => (await directory(ada)).length, { timeout: CRASH_WAIT_MS }).toBe(8);

      // A named room across both processes, a call owned by the victim (Cy rang) and one owned by
      // the survivor (Eve rang).
      expect(await request(ada, 'room:join', { room: 'standup', name: 'Ada' })).toMatchObject({ ok: true });
      await expect.poll(() => gauges(victim).then((g) => g.rooms), { timeout: CRASH_WAIT_MS }).toBe(1);
      expect(await request(bob, 'room:join', { room: 'standup', name: 'Bob' })).toMatchObject({ ok: true });
      const victimCall = await call(cy, dan, more.dan);
      const survivorCall = await call(eve, fay, more.fay);
      const ghosts = { bob: bob.id, cy: cy.id, fay: fay.id };

      // Gus, on the survivor, is left ringing for two calls the victim owns: Cy adds him to the call
      // with Dan, and Hal rings him alone. Only the victim knew those rings.
      const gusRings = [
        waitFor<CallRinging>(gus, 'call:ringing', (r: CallRinging) => r.callId === victimCall, CRASH_WAIT_MS),
        waitFor<CallRinging>(
          gus,
          'call:ringing',
          (r: CallRinging) => r.from.deviceId === ringing.hal,
          CRASH_WAIT_MS,
        ),
      ];
      expect(await request(cy, 'call:invite', { to: [ringing.gus], callId: victimCall })).toMatchObject({
        ok: true,
      });
      const halInvite = await request(hal, 'call:invite', { to: [ringing.gus] });
      expect(halInvite).toMatchObject({ ok: true });
      const halCall = (halInvite as { data: { callId: string } }).data.callId;
      await Promise.all(gusRings);
      const gusSees = [victimCall, halCall].map((callId) =>
        waitFor<CallEnded>(gus, 'call:ended', (e: CallEnded) => e.callId === callId, CRASH_WAIT_MS),
      );

      const adaSees = {
        bobLeft: waitFor(ada, 'peer:left', (p: { id: string }) => p.id === ghosts.bob, CRASH_WAIT_MS),
        devicesGone: Promise.all(
          [ids.bob, ids.cy, more.fay, ringing.hal].map((id) =>
            waitFor(ada, 'presence:left', (p: { deviceId: string }) => p.deviceId === id, CRASH_WAIT_MS),
          ),
        ),
      };
      const danSees = {
        cyLeft: waitFor(dan, 'peer:left', (p: { id: string }) => p.id === ghosts.cy, CRASH_WAIT_MS),
        ended: waitFor<CallEnded>(dan, 'call:ended', () => true, CRASH_WAIT_MS),
      };
      const eveSees = {
        fayLeft: waitFor(eve, 'peer:left', (p: { id: string }) => p.id === ghosts.fay, CRASH_WAIT_MS),
        ended: waitFor<CallEnded>(eve, 'call:ended', () => true, CRASH_WAIT_MS),
      };

      victim.child.kill('SIGKILL');

      await expect(adaSees.bobLeft).resolves.toEqual({ id: ghosts.bob });
      await expect(adaSees.devicesGone).resolves.toHaveLength(4);
      await expect(danSees.cyLeft).resolves.toEqual({ id: ghosts.cy });
      await expect(danSees.ended).resolves.toEqual({ callId: victimCall, reason: 'hung-up' });
      await expect(eveSees.fayLeft).resolves.toEqual({ id: ghosts.fay });
      await expect(eveSees.ended).resolves.toEqual({ callId: survivorCall, reason: 'hung-up' });
      await expect(Promise.all(gusSees)).resolves.toEqual([
        { callId: victimCall, reason: 'cancelled' },
        { callId: halCall, reason: 'cancelled' },
      ]);

      // Nothing lingers: membership equals the survivor's three live sockets.
      expect(await directory(ada)).toEqual([
        { deviceId: ids.ada, name: 'Ada', status: 'in-call' },
        { deviceId: more.dan, name: 'Dan', status: 'available' },
        { deviceId: more.eve, name: 'Eve', status: 'available' },
        { deviceId: ringing.gus, name: 'Gus', status: 'available' },
      ]);
      expect(await gauges(survivor)).toEqual({ sockets: 4, rooms: 1, calls: 0, devices: 4 });
      const late = await connect(survivor);
      expect(await request(late, 'room:join', { room: 'standup', name: 'Late' })).toMatchObject({
        ok: true,
        data: { peers: [{ id: ada.id, name: 'Ada' }] },
      });
      // The call ends left Dan and Eve free: they can be rung again.
      expect(await request(dan, 'call:invite', { to: [more.eve] })).toMatchObject({ ok: true });
    },
  );
});

describe('two processes creating the same room at the same moment', () => {
  const ROOMS = 20;

  it('exactly one creator and one PIN win, in both processes', { timeout: 90_000 }, async () => {
    const one = await serverProcess();
    const two = await serverProcess();
    const pairs = await Promise.all(
      Array.from({ length: ROOMS }, async () => [await connect(one), await connect(two)] as const),
    );

    // Both joins of a pair leave before either process can have heard of the other's.
    const results = await Promise.all(
      pairs.map(([a, b], i) =>
        Promise.all([
          request(a, 'room:join', { room: `race-${i}`, name: 'Ada', pin: '1111' }),
          request(b, 'room:join', { room: `race-${i}`, name: 'Bob', pin: '2222' }),
        ]),
      ),
    );

    for (const [i, [first, second]] of results.entries()) {
      const outcomes = [first, second].map((r) => (r.ok ? 'created' : r.error.code)).sort();
      expect(outcomes, `room race-${i}`).toEqual(['WRONG_PIN', 'created']);
      const [a, b] = pairs[i] ?? [];
      const [winner, winnerPin, loserServer] = first.ok ? [a, '1111', two] : [b, '2222', one];
      // The process that lost agrees on everything: the winner's PIN, the winner as creator.
      const checker = await connect(loserServer);
      expect(
        await request(checker, 'room:join', { room: `race-${i}`, name: 'Cy', pin: winnerPin }),
      ).toMatchObject({ ok: true, data: { peers: [{ id: winner?.id, name: first.ok ? 'Ada' : 'Bob' }] } });
      expect(await request(checker, 'room:lock', { locked: true })).toMatchObject({
        ok: false,
        error: { code: 'NOT_ALLOWED' },
      });
      expect(await request(winner as Client, 'room:lock', { locked: true })).toEqual({
        ok: true,
        data: null,
      });
    }
  });

  it(
    'with the same PIN, the second joins the first: one mesh, announced both ways',
    { timeout: 90_000 },
    async () => {
      const one = await serverProcess();
      const two = await serverProcess();
      const pairs = await Promise.all(
        Array.from({ length: ROOMS }, async () => [await connect(one), await connect(two)] as const),
      );
      const results = await Promise.all(
        pairs.map(([a, b], i) => {
          const aSees = waitFor(a, 'peer:joined', () => true, CRASH_WAIT_MS).catch(() => null);
          const bSees = waitFor(b, 'peer:joined', () => true, CRASH_WAIT_MS).catch(() => null);
          return Promise.all([
            request(a, 'room:join', { room: `same-${i}`, name: 'Ada', pin: '1111' }),
            request(b, 'room:join', { room: `same-${i}`, name: 'Bob', pin: '1111' }),
          ]).then(async ([ra, rb]) => ({ ra, rb, a, b, aSees, bSees }));
        }),
      );
      for (const { ra, rb, a, b, aSees, bSees } of results) {
        if (!ra.ok || !rb.ok) throw new Error('a join with the right PIN was refused');
        const peersOf = (r: typeof ra) => (r.data as { peers: { id: string }[] }).peers.map((p) => p.id);
        const [first, second, firstSees] = peersOf(ra).length === 0 ? [a, b, aSees] : [b, a, bSees];
        expect(peersOf(first === a ? ra : rb)).toEqual([]);
        expect(peersOf(second === a ? ra : rb)).toEqual([first.id]);
        await expect(firstSees).resolves.toEqual({ id: second.id, name: second === a ? 'Ada' : 'Bob' });
      }
    },
  );
});

describe('three processes, one killed', () => {
  it(
    "a call whose owner lives on ends once for its last member, from the owner's process",
    { timeout: 90_000 },
    async () => {
      const owner = await serverProcess();
      const keeper = await serverProcess();
      const victim = await serverProcess();
      const ids = { ada: deviceId('ada'), cy: deviceId('cy'), dee: deviceId('dee') };
      const ada = await device(owner, ids.ada, 'Ada');
      const cy = await device(keeper, ids.cy, 'Cy');
      const dee = await device(victim, ids.dee, 'Dee');
      await expect.poll(async () => (await directory(ada)).length, { timeout: CRASH_WAIT_MS }).toBe(3);

      // Ada's process owns the call; Ada leaves it, and Cy and Dee talk on, each on another process.
      const callId = await call(ada, cy, ids.cy);
      const deeRings = waitFor<CallRinging>(dee, 'call:ringing', () => true, CRASH_WAIT_MS);
      expect(await request(ada, 'call:invite', { to: [ids.dee], callId })).toMatchObject({ ok: true });
      await deeRings;
      expect(await request(dee, 'call:accept', { callId })).toMatchObject({ ok: true });
      expect(await request(ada, 'room:leave')).toEqual({ ok: true, data: null });
      await expect.poll(() => gauges(keeper).then((g) => g.rooms), { timeout: CRASH_WAIT_MS }).toBe(1);

      const cyEvents = recordEvents(cy);
      const deeGone = waitFor(
        cy,
        'presence:left',
        (p: { deviceId: string }) => p.deviceId === ids.dee,
        CRASH_WAIT_MS,
      );
      const ended = waitFor<CallEnded>(cy, 'call:ended', () => true, CRASH_WAIT_MS);
      victim.child.kill('SIGKILL');

      await expect(ended).resolves.toEqual({ callId, reason: 'hung-up' });
      await deeGone;
      await expect.poll(() => gauges(owner).then((g) => g.calls), { timeout: CRASH_WAIT_MS }).toBe(0);
      // Cy's own process has asked who owns the call by now: give that answer time to land, then
      // make sure nothing more about the call reached Cy.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await flush(cy);
      expect(cyEvents.filter(([event]) => event === 'call:ended')).toEqual([
        ['call:ended', { callId, reason: 'hung-up' }],
      ]);
      expect(await gauges(keeper)).toMatchObject({ rooms: 0, calls: 0 });
    },
  );
});
