/**
 * The rejoin pass: a member whose signaling connection dropped comes back into its own room with a
 * new socket, past the lock and the PIN, and its old peer id leaves the room at once.
 */
import { describe, expect, it } from 'vitest';
import type { JoinedRoom } from '../../common/signaling/room';
import { REJOIN_PASS_TTL_MS } from '../../server/src/state/rejoin-passes';
import {
  flush,
  leave,
  recordEvents,
  request,
  refusedWith,
  useHarness,
  waitFor,
  type Client,
} from './helpers';
import type { ListeningAddress } from '../../server/src/index';

const harness = useHarness();

interface Joined {
  ok: true;
  data: JoinedRoom;
}

async function joinAs(
  client: Client,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<JoinedRoom> {
  const result = (await request(client, 'room:join', { room: 'standup', name, ...extra })) as Joined;
  expect(result).toMatchObject({ ok: true });
  return result.data;
}

/** Ada creates the room (with `pin`), Bob joins; Ada locks it when asked. */
async function meeting(
  address: ListeningAddress,
  options: { pin?: string; lock?: boolean } = {},
): Promise<{ ada: Client; bob: Client; bobJoined: JoinedRoom }> {
  const ada = await harness.connect(address);
  const bob = await harness.connect(address);
  const pin = options.pin === undefined ? {} : { pin: options.pin };
  await joinAs(ada, 'Ada', pin);
  const bobJoined = await joinAs(bob, 'Bob', pin);
  if (options.lock) expect(await request(ada, 'room:lock', { locked: true })).toMatchObject({ ok: true });
  return { ada, bob, bobJoined };
}

/** Drops a client's connection the way the server notices at once, and waits until it did. */
async function drop(ada: Client, bob: Client, bobId: string): Promise<void> {
  const left = waitFor<{ id: string }>(ada, 'peer:left', ({ id }) => id === bobId);
  bob.disconnect();
  await left;
}

describe('rejoin pass', () => {
  it('comes with every join: random, long enough, new each time', async () => {
    const { address } = await harness.start();
    const { bobJoined } = await meeting(address);
    const other = await joinAs(await harness.connect(address), 'Cy');

    expect(bobJoined.rejoinPass).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.rejoinPass).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.rejoinPass).not.toBe(bobJoined.rejoinPass);
  });

  it('lets a member whose connection dropped back into its locked room', async () => {
    const { address } = await harness.start();
    const { ada, bob, bobJoined } = await meeting(address, { lock: true });
    await drop(ada, bob, bobJoined.self.id);
    const again = await harness.connect(address);

    expect(await request(again, 'room:join', { room: 'standup', name: 'Bob' })).toEqual(
      refusedWith('ROOM_LOCKED'),
    );
    const joined = waitFor<{ id: string }>(ada, 'peer:joined');
    const back = await joinAs(again, 'Bob', { rejoinPass: bobJoined.rejoinPass });
    expect(back.locked).toBe(true);
    expect(back.peers.map((peer) => peer.name)).toEqual(['Ada']);
    expect((await joined).id).toBe(again.id);
    // Single use: the new ack carries a new pass, and the spent one opens nothing.
    expect(back.rejoinPass).toBeDefined();
    expect(back.rejoinPass).not.toBe(bobJoined.rejoinPass);
    const thief = await harness.connect(address);
    expect(
      await request(thief, 'room:join', { room: 'standup', name: 'Eve', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('ROOM_LOCKED'));
  });

  it('lets a member back into a PIN room without the PIN', async () => {
    const { address } = await harness.start();
    const { ada, bob, bobJoined } = await meeting(address, { pin: '2468' });
    await drop(ada, bob, bobJoined.self.id);
    const again = await harness.connect(address);

    expect(await request(again, 'room:join', { room: 'standup', name: 'Bob' })).toEqual(
      refusedWith('WRONG_PIN'),
    );
    expect(await joinAs(again, 'Bob', { rejoinPass: bobJoined.rejoinPass })).toMatchObject({
      peers: [{ name: 'Ada' }],
    });
  });

  it('removes the old peer id at once, while the server still thinks it connected', async () => {
    const { address } = await harness.start();
    const { ada, bob, bobJoined } = await meeting(address, { lock: true });
    const events = recordEvents(ada);
    const again = await harness.connect(address);

    const back = await joinAs(again, 'Bob', { rejoinPass: bobJoined.rejoinPass });
    expect(back.peers.map((peer) => peer.id)).toEqual([ada.id]);
    await flush(ada);
    expect(events).toEqual([
      ['peer:left', { id: bob.id }],
      ['peer:joined', { id: again.id, name: 'Bob' }],
    ]);
    // The old socket is out of the room: it can no longer act in it.
    expect(await leave(bob)).toEqual(refusedWith('NOT_IN_ROOM'));
  });

  it('brings back a member alone in its room, which keeps its PIN and lock', async () => {
    const { address } = await harness.start();
    const ada = await harness.connect(address);
    const first = await joinAs(ada, 'Ada', { pin: '2468' });
    expect(await request(ada, 'room:lock', { locked: true })).toMatchObject({ ok: true });
    const again = await harness.connect(address);

    expect(await joinAs(again, 'Ada', { rejoinPass: first.rejoinPass })).toMatchObject({
      peers: [],
      host: again.id,
      locked: true,
    });
    const eve = await harness.connect(address);
    expect(await request(eve, 'room:join', { room: 'standup', name: 'Eve' })).toEqual(
      refusedWith('WRONG_PIN'),
    );
    expect(await leave(ada)).toEqual(refusedWith('NOT_IN_ROOM'));
  });

  it('dies when its member leaves on purpose', async () => {
    const { address } = await harness.start();
    const { bob, bobJoined } = await meeting(address, { lock: true });
    expect(await leave(bob)).toMatchObject({ ok: true });

    expect(
      await request(bob, 'room:join', { room: 'standup', name: 'Bob', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('ROOM_LOCKED'));
  });

  it('dies when the host removes its member', async () => {
    const { address } = await harness.start();
    const { ada, bob, bobJoined } = await meeting(address, { pin: '2468', lock: true });
    expect(await request(ada, 'room:remove', { peerId: bob.id })).toMatchObject({ ok: true });
    const again = await harness.connect(address);

    expect(
      await request(again, 'room:join', { room: 'standup', name: 'Bob', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('WRONG_PIN'));
    expect(await request(ada, 'room:lock', { locked: false })).toMatchObject({ ok: true });
    expect(
      await request(again, 'room:join', {
        room: 'standup',
        name: 'Bob',
        pin: '2468',
        rejoinPass: bobJoined.rejoinPass,
      }),
    ).toMatchObject({ ok: true });
    // Admitted by the PIN only: Ada is still alone with the newcomer, no old id was touched.
  });

  it('opens nothing in a new room of the same name once the old one emptied', async () => {
    const { address } = await harness.start();
    const { ada, bob, bobJoined } = await meeting(address);
    await drop(ada, bob, bobJoined.self.id);
    expect(await leave(ada)).toMatchObject({ ok: true });
    const eve = await harness.connect(address);
    await joinAs(eve, 'Eve', { pin: '1357' });
    expect(await request(eve, 'room:lock', { locked: true })).toMatchObject({ ok: true });
    const again = await harness.connect(address);

    expect(
      await request(again, 'room:join', { room: 'standup', name: 'Bob', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('WRONG_PIN'));
  });

  it('goes stale some minutes after its member dropped', async () => {
    let clock = 1_000_000;
    const { address } = await harness.start({ now: () => clock });
    const { ada, bob, bobJoined } = await meeting(address, { lock: true });
    await drop(ada, bob, bobJoined.self.id);
    clock += REJOIN_PASS_TTL_MS + 1;
    const again = await harness.connect(address);

    expect(
      await request(again, 'room:join', { room: 'standup', name: 'Bob', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('ROOM_LOCKED'));
  });

  it('opens only its own room, and a made-up one opens nothing', async () => {
    const { address } = await harness.start();
    const { bobJoined } = await meeting(address, { lock: true });
    const elsewhere = await harness.connect(address);
    await request(elsewhere, 'room:join', { room: 'retro', name: 'Cy' });
    await request(elsewhere, 'room:lock', { locked: true });
    const eve = await harness.connect(address);

    expect(
      await request(eve, 'room:join', { room: 'retro', name: 'Eve', rejoinPass: bobJoined.rejoinPass }),
    ).toEqual(refusedWith('ROOM_LOCKED'));
    expect(
      await request(eve, 'room:join', { room: 'standup', name: 'Eve', rejoinPass: 'A'.repeat(43) }),
    ).toEqual(refusedWith('ROOM_LOCKED'));
    expect(
      await request(eve, 'room:join', { room: 'standup', name: 'Eve', rejoinPass: 'A'.repeat(300) }),
    ).toEqual(refusedWith('INVALID_PAYLOAD'));
  });
});
