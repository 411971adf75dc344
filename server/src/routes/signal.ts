/**
 * `signal`: the relay of descriptions, candidates and media notices between two members of one room.
 * The registry, not Socket.IO's rooms, decides who may receive what, so a relay can never reach a
 * socket outside the sender's room; the sender id is stamped here, never taken from the client.
 */
import { err, ok, type Result } from '../../../common/result';
import { signalRequestSchema } from '../../../common/signaling/signal';
import type { ServerMetrics } from '../http/metrics';
import type { Delivery } from '../replica/delivery';
import type { RoomRegistry } from '../state/rooms';
import { route, type RouteTable } from './route';

export interface SignalRouteParts {
  rooms: RoomRegistry;
  delivery: Pick<Delivery, 'sendTo'>;
  metrics: Pick<ServerMetrics, 'countRelayed'>;
}

/** The relay route of one server: the hottest path, so it does nothing but check, send and count. */
export function signalRoutes(parts: SignalRouteParts): Pick<RouteTable, 'signal'> {
  const { rooms, delivery, metrics } = parts;
  return {
    signal: route(
      signalRequestSchema,
      (socket, request): Result<null> => {
        if (rooms.roomOf(socket.id) === undefined) return err('NOT_IN_ROOM');
        if (request.to === socket.id) return err('INVALID_PAYLOAD', 'to: A peer cannot signal itself.');
        if (!rooms.sameRoom(socket.id, request.to)) return err('PEER_NOT_FOUND');
        // The parsed request, not the raw input: unknown fields (a forged `from`) are already stripped.
        if (!delivery.sendTo(request.to, 'signal', { from: socket.id, data: request.data }))
          return err('PEER_NOT_FOUND');
        metrics.countRelayed(request.data.kind);
        return ok(null);
      },
      // Without an ack (the client saw `session:features`), success costs no frame back at all.
      (socket, error, request) => socket.emit('signal:refused', { to: request?.to ?? null, error }),
    ),
  };
}
