/**
 * Two processes' replicas of one room, with the order in which each learns of the other's changes in
 * the test's hands: a join made on one process may reach the other only after that other process let
 * the host leave. Every replica must end with the same host, and every member must hear it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomState } from '../../common/signaling/room';
import { createMembership, type Membership } from '../../server/src/replica/membership';
import { RoomRegistry } from '../../server/src/state/rooms';
import type { StateOp } from '../../server/src/transport/inter-server';

interface Replica {
  rooms: RoomRegistry;
  membership: Membership;
  /** What this process published and the other has not applied yet, in order. */
  outbox: StateOp[];
}

/** `room:updated` as each person's app last heard it, wherever it came from. */
const heard = new Map<string, RoomState>();
/** Whom each person's app was told joined (`peer:joined`), in order. */
const joined = new Map<string, string[]>();

/** One event reaching a person's app. */
function hear(peerId: string, event: string, arg: unknown): void {
  if (event === 'room:updated') heard.set(peerId, arg as RoomState);
  if (event === 'peer:joined')
    joined.set(peerId, [...(joined.get(peerId) ?? []), (arg as { id: string }).id]);
}

/** A process holding the sockets in `local`; what it publishes waits in its outbox. */
function replica(local: Set<string>): Replica {
  const rooms = new RoomRegistry();
  const outbox: StateOp[] = [];
  const delivery = {
    sendTo(peerId: string, event: string, ...args: unknown[]) {
      if (local.has(peerId)) hear(peerId, event, args[0]);
      else outbox.push({ op: 'deliver', to: peerId, event, args } as StateOp);
      return true;
    },
    sendHere(peerId: string, event: string, ...args: unknown[]) {
      if (!local.has(peerId)) return false;
      hear(peerId, event, args[0]);
      return true;
    },
  };
  const membership = createMembership({
    rooms,
    releaseClaim: null,
    publish: (op) => outbox.push(op),
    // Only the two sends membership uses; the rest of Delivery is not called.
    delivery: delivery as never,
    directory: { announce: () => undefined },
  });
  return { rooms, membership, outbox };
}

/** Applies, on `to`, everything `from` published so far: one ordered channel, as Redis gives. */
function drain(from: Replica, to: Replica, local: Set<string>): void {
  for (const op of from.outbox.splice(0)) {
    if (op.op === 'deliver') {
      if (local.has(op.to)) hear(op.to, op.event, op.args[0]);
    } else if (op.op === 'join' || op.op === 'leave' || op.op === 'lock') {
      to.membership.receive(op);
    }
  }
}

const ada = { id: 'ada', name: 'Ada' };
const bob = { id: 'bob', name: 'Bob' };
const cy = { id: 'cy', name: 'Cy' };

/**
 * Ada created the room on process one (where Cy's socket is too), and process two (Bob's) knows it;
 * the clock then reads 2 s. `toTwo` and `toOne` deliver what each process published so far.
 */
function adaHostsOnProcessOne() {
  const onOne = new Set([ada.id, cy.id]);
  const onTwo = new Set([bob.id]);
  const one = replica(onOne);
  const two = replica(onTwo);
  const toTwo = () => drain(one, two, onTwo);
  const toOne = () => drain(two, one, onOne);
  one.membership.join('standup', ada);
  toTwo();
  vi.setSystemTime(2_000);
  return { one, two, toOne, toTwo };
}

describe('a room replicated on two processes', () => {
  beforeEach(() => {
    heard.clear();
    joined.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000);
  });
  afterEach(() => vi.useRealTimers());

  it('agrees on the host and tells everyone the lock, when a join reaches a process after the host left it', () => {
    const { one, two, toOne, toTwo } = adaHostsOnProcessOne();
    // Bob joins on process two; the news is still on its way to process one.
    two.membership.join('standup', bob);
    vi.setSystemTime(3_000);
    one.membership.join('standup', cy);
    toTwo();
    one.membership.lock('standup', true);
    one.membership.depart(ada.id);
    toTwo();
    toOne();

    // Bob joined before Cy, so Bob hosts, on both processes alike.
    expect(one.rooms.stateOf('standup')).toEqual({ host: bob.id, locked: true });
    expect(two.rooms.stateOf('standup')).toEqual({ host: bob.id, locked: true });
    // And what each app was last told says the same.
    expect(heard.get(bob.id)).toEqual({ host: bob.id, locked: true });
    expect(heard.get(cy.id)).toEqual({ host: bob.id, locked: true });
  });

  it('tells members on the other process of a lock as soon as their process applies it', () => {
    const { one, two, toOne, toTwo } = adaHostsOnProcessOne();
    two.membership.join('standup', bob);
    toOne();

    one.membership.lock('standup', true);
    expect(heard.get(ada.id)).toEqual({ host: ada.id, locked: true });
    toTwo();
    expect(heard.get(bob.id)).toEqual({ host: ada.id, locked: true });
  });

  it('tells two people who joined at the same moment on different processes about each other', () => {
    const { one, two, toOne, toTwo } = adaHostsOnProcessOne();
    // Neither process knows of the other's join when it admits its own.
    two.membership.join('standup', bob);
    one.membership.join('standup', cy);
    toTwo();
    toOne();

    expect(joined.get(ada.id)).toEqual([cy.id, bob.id]);
    // Each was told of the other by its own process, so their apps connect.
    expect(joined.get(bob.id)).toEqual([cy.id]);
    expect(joined.get(cy.id)).toEqual([bob.id]);
  });

  it('keeps the creator as host when someone joins within the same millisecond', () => {
    const local = new Set(['zoe', 'amy']);
    const one = replica(local);
    // The clock does not move between the two joins; Amy's id sorts before Zoe's.
    one.membership.join('standup', { id: 'zoe', name: 'Zoe' });
    one.membership.join('standup', { id: 'amy', name: 'Amy' });

    expect(one.rooms.stateOf('standup')).toEqual({ host: 'zoe', locked: false });
  });
});
