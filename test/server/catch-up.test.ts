/**
 * Catching up after a Redis outage (server/src/cluster/catch-up.ts), on one process's replica with
 * the other processes' snapshots in the test's hands: what changed elsewhere meanwhile reaches this
 * process's members as the lost ops would have, nobody who left comes back through a third process's
 * stale view, and a change that reached this process while the snapshots were on their way stays.
 */
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { askedAbout, catchUpWith } from '../../server/src/cluster/catch-up';
import { createMembership } from '../../server/src/replica/membership';
import { PresenceRegistry } from '../../server/src/state/presence';
import { RejoinPasses } from '../../server/src/state/rejoin-passes';
import { RoomRegistry } from '../../server/src/state/rooms';
import type { Snapshot } from '../../server/src/transport/inter-server';

const ada = { id: 'ada', name: 'Ada' };
const bob = { id: 'bob', name: 'Bob' };
const cy = { id: 'cy', name: 'Cy' };
const dan = { id: 'dan', name: 'Dan' };

/** What this process's members were told, in order: `event member detail`. */
let told: string[] = [];

/** Process one, holding Dan's socket; Ada (another process's) created the room and Bob is in it. */
function processOne() {
  const rooms = new RoomRegistry();
  const presence = new PresenceRegistry();
  const passes = new RejoinPasses(Date.now);
  const delivery = {
    sendHere(peerId: string, event: string, arg: { id?: string; host?: string; locked?: boolean }) {
      if (peerId !== dan.id) return false;
      told.push(`${event} ${arg.id ?? `${arg.host} ${arg.locked}`}`);
      return true;
    },
  };
  const membership = createMembership({
    rooms,
    releaseClaim: null,
    publish: null,
    // Only sendHere is used by membership.
    delivery: delivery as never,
    directory: { announce: () => undefined },
  });
  rooms.join('stay', ada, null, 1_000);
  rooms.join('stay', bob, null, 1_001);
  membership.join('stay', dan);
  told = [];
  // Only the socket list and the logger are read.
  const io = {} as never;
  return { rooms, presence, passes, membership, io, log: pino({ level: 'silent' }) };
}

/** A process's snapshot: its own sockets, and its view of room `stay` (members with join times). */
function snapshot(own: string[], members: [{ id: string; name: string }, number][], lockedAt = 0): Snapshot {
  return {
    own,
    rooms: [
      {
        room: 'stay',
        founder: ada.id,
        pinDigest: null,
        locked: lockedAt > 0,
        lockedAt,
        members: members.map(([peer, joinedAt]) => ({ ...peer, joinedAt })),
      },
    ],
    presence: [],
    passes: [],
  };
}

describe('catching up with the cluster after Redis was away', () => {
  beforeEach(() => (told = []));

  it('tells members of a join, a lock and a leave made elsewhere, and of the host the leave moved', () => {
    const one = processOne();
    const asked = askedAbout(one.rooms);
    // Process two (Ada's and Cy's): Cy joined, Ada locked the room, then left it.
    const two = snapshot(
      [ada.id, cy.id],
      [
        [bob, 1_001],
        [dan, 1_002],
        [cy, 5_000],
      ],
      6_000,
    );
    // Process three (Bob's) heard of none of it: Ada is still in the room there.
    const three = snapshot(
      [bob.id],
      [
        [ada, 1_000],
        [bob, 1_001],
        [dan, 1_002],
      ],
    );
    catchUpWith(one, [two, three], asked);

    expect(
      one.rooms
        .peersIn('stay')
        .map((p) => p.id)
        .sort(),
    ).toEqual([bob.id, cy.id, dan.id]);
    expect(one.rooms.stateOf('stay')).toEqual({ host: bob.id, locked: true });
    expect(told).toEqual([
      `peer:left ${ada.id}`,
      `room:updated ${bob.id} false`,
      `peer:joined ${cy.id}`,
      `room:updated ${bob.id} true`,
    ]);
  });

  it('does not undo a join that reached this process while the snapshots were on their way', () => {
    const one = processOne();
    const asked = askedAbout(one.rooms);
    // Process two answered before Cy joined there, and Cy's join op arrived here before its answer.
    one.membership.receive({ op: 'join', room: 'stay', peer: cy, pinDigest: null, joinedAt: 5_000 });
    catchUpWith(
      one,
      [
        snapshot(
          [ada.id, cy.id],
          [
            [ada, 1_000],
            [bob, 1_001],
            [dan, 1_002],
          ],
        ),
      ],
      asked,
    );

    expect(one.rooms.roomOf(cy.id)).toBe('stay');
  });

  it('keeps the later lock when the snapshot carries an older change', () => {
    const one = processOne();
    one.membership.receive({ op: 'lock', room: 'stay', locked: true, at: 7_000 });
    told = [];
    catchUpWith(
      one,
      [
        snapshot(
          [ada.id],
          [
            [ada, 1_000],
            [bob, 1_001],
            [dan, 1_002],
          ],
          0,
        ),
      ],
      askedAbout(one.rooms),
    );

    expect(one.rooms.stateOf('stay')).toEqual({ host: ada.id, locked: true });
    expect(told).toEqual([]);
  });
});
