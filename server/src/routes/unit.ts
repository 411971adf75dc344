/**
 * `unit:signal`: descriptions and candidates between a member of a forwarded room and the room's
 * forwarding unit, both ways. A member's signal goes to the unit with the member's id and room stamped
 * here (from the registry, never from the client); the unit's signals go to the member they name, as
 * long as it is still in that room. Outside a forwarded room there is no unit to talk to: NOT_IN_ROOM.
 */
import type { Logger } from 'pino';
import { err, ok, type Result } from '../../../common/result';
import { unitSignalRequestSchema } from '../../../common/signaling/unit';
import type { Delivery } from '../replica/delivery';
import type { RoomRegistry } from '../state/rooms';
import type { ForwardingUnit } from '../unit/forwarding-unit';
import { route, type RouteTable } from './route';

export interface UnitRouteParts {
  rooms: Pick<RoomRegistry, 'roomOf' | 'modeOf'>;
  /** Null when this server runs no unit: no room is forwarded then. */
  unit: ForwardingUnit | null;
}

export function unitRoutes(parts: UnitRouteParts): Pick<RouteTable, 'unit:signal'> {
  const { rooms, unit } = parts;
  return {
    'unit:signal': route(unitSignalRequestSchema, (socket, request): Result<null> => {
      const room = rooms.roomOf(socket.id);
      if (!unit || room === undefined || rooms.modeOf(room) !== 'forwarded') {
        return err('NOT_IN_ROOM', 'You are in no room whose media goes through the forwarding unit.');
      }
      unit.signal(room, socket.id, request.pc, request.data);
      return ok(null);
    }),
  };
}

export interface UnitDeliveryParts {
  rooms: Pick<RoomRegistry, 'roomOf'>;
  delivery: Pick<Delivery, 'sendTo'>;
  unit: ForwardingUnit;
  log: Logger;
}

/**
 * Delivers the unit's signals to members as `unit:signal`. A signal for someone who has left the
 * room meanwhile (the unit runs in its own worker, a message behind) is dropped. Returns the function
 * that stops delivering, for when the server closes.
 */
export function deliverUnitSignals(parts: UnitDeliveryParts): () => void {
  const { rooms, delivery, unit, log } = parts;
  return unit.onSignal(({ room, peerId, signal }) => {
    if (rooms.roomOf(peerId) !== room) {
      log.debug({ peer: peerId, room }, 'dropped a unit signal for someone no longer in its room');
      return;
    }
    delivery.sendTo(peerId, 'unit:signal', signal);
  });
}
