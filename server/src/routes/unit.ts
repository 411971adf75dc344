/**
 * `unit:signal`: descriptions and candidates between a member of a forwarded room and the room's
 * forwarding unit. Until this server runs a unit, every such signal is refused as unavailable.
 */
import { err, type Result } from '../../../common/result';
import { unitSignalRequestSchema } from '../../../common/signaling/unit';
import { route, type RouteTable } from './route';

export function unitRoutes(): Pick<RouteTable, 'unit:signal'> {
  return {
    'unit:signal': route(unitSignalRequestSchema, (): Result<null> => err('UNAVAILABLE')),
  };
}
