/**
 * The per-packet guard of one server, run before any handler: a packet of a socket that is gone is
 * dropped, then the rate limit, then the route of a known event, else a counted drop.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { err } from '../../../common/result';
import { peerIdSchema } from '../../../common/signaling/names';
import type { ServerMetrics } from '../http/metrics';
import type { SignalingSocket } from '../transport/io';
import type { RateGuard } from './rate-guard';

export type { RateGuard } from './rate-guard';

/** Checks one packet of one socket (the event name first, the ack, if any, last). */
export type PacketGate = (socket: SignalingSocket, packet: unknown[]) => void;

/** Runs a known event's request (routes/route.ts); false for an event no route knows. */
export type Dispatch = (socket: SignalingSocket, event: unknown, args: unknown[]) => boolean;

export interface PacketGateParts {
  guard: RateGuard;
  metrics: Pick<ServerMetrics, 'refusals' | 'connectionsRefused' | 'unknownEvents'>;
  log: Logger;
}

/** Where a refused `signal` was going, if the payload says so validly. */
const signalTargetSchema = z.object({ to: peerIdSchema });

/** A `signal` sent without an ack learns of its refusal by `signal:refused`, as for any other code. */
function refuseSignal(socket: SignalingSocket, payload: unknown): void {
  const target = signalTargetSchema.safeParse(payload);
  const refused = err('RATE_LIMITED');
  if (!refused.ok) {
    socket.emit('signal:refused', { to: target.success ? target.data.to : null, error: refused.error });
  }
}

/**
 * Installed as each socket's only middleware, the gate never calls `next`: requests are answered
 * here, so sockets carry no event listeners and a reserved or unknown event name never reaches
 * Socket.IO's emitter.
 */
export function createPacketGate(parts: PacketGateParts, dispatch: Dispatch): PacketGate {
  const { guard, metrics, log } = parts;

  function refuse(socket: SignalingSocket, packet: unknown[]): void {
    metrics.refusals.inc({ code: 'RATE_LIMITED' });
    const ack = packet.at(-1);
    // Socket.IO passes the client's ack as the last argument: a function taking one value, our Result.
    if (typeof ack === 'function') (ack as (result: unknown) => void)(err('RATE_LIMITED'));
    else if (packet[0] === 'signal') refuseSignal(socket, packet[1]);
    if (guard.strike(socket.id) && socket.connected) {
      metrics.connectionsRefused.inc({ reason: 'rate_limit' });
      log.warn({ peer: socket.id }, 'disconnected a client that kept exceeding the rate limit');
      socket.disconnect(true);
    }
  }

  return (socket, packet) => {
    // Runs inside Socket.IO's packet decoding: anything thrown here would end the process.
    try {
      // Socket.IO schedules every packet of one read before running any, so packets written behind
      // the one that got the socket disconnected still arrive here: they must change nothing.
      if (!socket.connected) {
        log.debug({ peer: socket.id }, 'dropped a packet of a disconnected socket');
        return;
      }
      if (!guard.admit(socket.id)) {
        refuse(socket, packet);
        return;
      }
      const event = packet[0];
      if (dispatch(socket, event, packet.slice(1))) return;
      metrics.unknownEvents.inc();
      log.debug({ peer: socket.id, event: String(event).slice(0, 64) }, 'dropped unknown event');
    } catch (error) {
      log.error({ err: error, peer: socket.id }, 'could not handle a packet');
    }
  };
}
