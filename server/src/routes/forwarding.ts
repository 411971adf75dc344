/**
 * When a room carries its media through the forwarding unit (docs/PROTOCOL.md, "Forwarding mode"): a
 * presentation room from its creation, any other room at the join that takes it above `switchAbove`
 * people or above a mesh's capacity; once forwarded, until it empties, so a room never flaps between
 * modes. The unit is told who is in each forwarded room: every join, and every departure however it
 * happened (leave, removal, disconnection).
 *
 * Calls (`call:*` rooms) stay a mesh: two or a few people gain nothing from a unit. A clustered server
 * keeps every room a mesh too: its rooms span processes, and a unit runs inside one of them.
 */
import type { Logger } from 'pino';
import { err, ok, type Result } from '../../../common/result';
import type { RoomMode } from '../../../common/signaling/unit';
import type { Delivery } from '../replica/delivery';
import type { Membership } from '../replica/membership';
import type { ForwardingSettings } from '../settings';
import { isCallRoom } from '../state/calls';
import type { RoomRegistry } from '../state/rooms';

export interface ForwardingParts {
  rooms: RoomRegistry;
  membership: Pick<Membership, 'onDeparture'>;
  delivery: Pick<Delivery, 'sendTo'>;
  forwarding: ForwardingSettings;
  /** People in a mesh room. */
  meshCapacity: number;
  /** True when other processes share the rooms: then no room is forwarded. */
  clustered: boolean;
  log: Logger;
}

/** The forwarding policy of one server, as the room routes consult it. */
export interface ForwardingPolicy {
  /** How a room this join creates carries media: forwarded when its creator presents and a unit runs. */
  creationMode(room: string, present: boolean): RoomMode;
  /**
   * Whether one more person may enter an existing room, and how the room carries media once they are
   * in: `forwarded` for a mesh room means this join switches it ({@link switchToUnit} before joining).
   */
  admit(room: string): Result<RoomMode>;
  /** Switches a mesh room: its members are told (`room:mode`) and the unit expects each of them. */
  switchToUnit(room: string): void;
  /** A member has joined: the unit expects it when its room is forwarded. */
  joined(room: string, peerId: string): void;
}

export function createForwarding(parts: ForwardingParts): ForwardingPolicy {
  const { rooms, delivery, forwarding, meshCapacity, clustered, log } = parts;
  const { unit, switchAbove, capacity } = forwarding;

  const forwardable = (room: string) => unit !== null && !clustered && !isCallRoom(room);

  const full = (limit: number): Result<never> =>
    err('ROOM_FULL', `This room is full: it holds at most ${limit} people.`);

  // However a member went, its connections to the unit close and its tracks leave the others.
  parts.membership.onDeparture((peerId, departure) => {
    if (departure.mode === 'forwarded') unit?.leave(departure.room, peerId);
  });

  return {
    creationMode(room, present) {
      return present && forwardable(room) ? 'forwarded' : 'mesh';
    },

    admit(room) {
      const size = rooms.sizeOf(room);
      if (rooms.modeOf(room) === 'forwarded') return size >= capacity ? full(capacity) : ok('forwarded');
      const bySize = switchAbove > 0 && size + 1 > switchAbove;
      if (!forwardable(room) || (!bySize && size < meshCapacity)) {
        return size >= meshCapacity ? full(meshCapacity) : ok('mesh');
      }
      return size >= capacity ? full(Math.max(capacity, meshCapacity)) : ok('forwarded');
    },

    switchToUnit(room) {
      if (!unit || rooms.modeOf(room) === 'forwarded') return;
      rooms.forward(room);
      const members = rooms.peersIn(room);
      for (const peer of members) delivery.sendTo(peer.id, 'room:mode', { mode: 'forwarded' });
      for (const peer of members) unit.join(room, peer.id);
      log.info({ room, members: members.length }, 'room switched to the forwarding unit');
    },

    joined(room, peerId) {
      if (rooms.modeOf(room) === 'forwarded') unit?.join(room, peerId);
    },
  };
}
