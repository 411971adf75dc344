import { describe, expect, it } from 'vitest';
import { CodedError } from '../../common/result';
import { RoomRegistry } from '../../server/src/state/rooms';

const ada = { id: 'a', name: 'Ada' };
const bob = { id: 'b', name: 'Bob' };
const cy = { id: 'c', name: 'Cy' };

describe('RoomRegistry', () => {
  it('returns the members present before a join, oldest first', () => {
    const rooms = new RoomRegistry();

    expect(rooms.join('standup', ada)).toEqual([]);
    expect(rooms.join('standup', bob)).toEqual([ada]);
    expect(rooms.join('standup', cy)).toEqual([ada, bob]);
    expect(rooms.peersIn('standup')).toEqual([ada, bob, cy]);
  });

  it('hands the room to the member who joined first, whatever order a replica learned of them in', () => {
    // Process one saw Cy join locally before Bob's earlier join, made on process two, reached it.
    const one = new RoomRegistry();
    one.join('standup', ada, null, 1_000);
    one.join('standup', cy, null, 3_000);
    one.join('standup', bob, null, 2_000);
    const two = new RoomRegistry();
    two.join('standup', ada, null, 1_000);
    two.join('standup', bob, null, 2_000);
    two.join('standup', cy, null, 3_000);

    one.leave('a');
    two.leave('a');
    expect(one.stateOf('standup')).toEqual({ host: 'b', locked: false });
    expect(two.stateOf('standup')).toEqual({ host: 'b', locked: false });
    expect(one.snapshot()[0]?.members).toEqual([
      { ...cy, joinedAt: 3_000 },
      { ...bob, joinedAt: 2_000 },
    ]);
  });

  it('keeps rooms apart', () => {
    const rooms = new RoomRegistry();
    rooms.join('standup', ada);
    rooms.join('retro', bob);

    expect(rooms.sameRoom('a', 'b')).toBe(false);
    expect(rooms.sameRoom('a', 'nobody')).toBe(false);
    expect(rooms.sameRoom('nobody', 'also-nobody')).toBe(false);
    expect(rooms.roomOf('b')).toBe('retro');
  });

  it('a leave reports the room and who remains, and deletes the room once empty', () => {
    const rooms = new RoomRegistry();
    rooms.join('standup', ada);
    rooms.join('standup', bob);

    // Ada hosted: Bob, the oldest left, hosts now and is to be told.
    expect(rooms.leave('a')).toEqual({
      room: 'standup',
      remaining: [bob],
      founder: 'a',
      hostChanged: true,
      mode: 'mesh',
    });
    expect(rooms.stateOf('standup')).toEqual({ host: 'b', locked: false });
    expect(rooms.roomCount).toBe(1);
    expect(rooms.leave('b')).toEqual({
      room: 'standup',
      remaining: [],
      founder: 'a',
      hostChanged: false,
      mode: 'mesh',
    });
    expect(rooms.stateOf('standup')).toBeUndefined();
    expect(rooms.roomCount).toBe(0);
    expect(rooms.roomOf('b')).toBeUndefined();
    expect(rooms.leave('b')).toBeNull();
  });

  it('treats a second join as a bug', () => {
    const rooms = new RoomRegistry();
    rooms.join('standup', ada);

    expect(() => rooms.join('retro', ada)).toThrow(CodedError);
    expect(rooms.roomOf('a')).toBe('standup');
    expect(rooms.roomCount).toBe(1);
  });

  it('copies peer info, so a caller mutating its object cannot rename a member', () => {
    const rooms = new RoomRegistry();
    const mutable = { ...ada };
    rooms.join('standup', mutable);
    mutable.name = 'Mallory';

    expect(rooms.peersIn('standup')).toEqual([ada]);
  });
});
