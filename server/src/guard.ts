/**
 * Admission and per-packet guards, run before any handler: the workspace access code at the
 * handshake, then for every event a rate limit and the known-event check. A client that keeps
 * flooding after being told RATE_LIMITED is disconnected, so one broken or hostile tab cannot starve
 * the others of the event loop.
 */
import { RateLimiter } from 'limiter';
import { RATE_STRIKE_WINDOW_S } from '../../common/limits';
import { ERROR_MESSAGES, err, type ErrorCode, firstIssue } from '../../common/result';
import { handshakeAuthSchema, type HandshakeRefusal } from '../../common/signaling/handshake';
import { peerIdSchema } from '../../common/signaling/names';
import type { ClientEvent, HandlerContext, SignalingSocket } from './context';
import { answerRequest, type RouteSpec, type RouteTable } from './route';
import type { PresenceInput } from './presence-handlers';
import { matchesDigest } from './secrets';

function refusal(
  code: ErrorCode,
  message: string = ERROR_MESSAGES[code],
): Error & { data: HandshakeRefusal } {
  return Object.assign(new Error(code), { data: { code, message } });
}

/**
 * Socket.IO `io.use` middleware. Checks the access code (when one is configured) by comparing SHA-256
 * digests with timingSafeEqual, and parses an optional presence registration into `socket.data`.
 */
export function admissionMiddleware(context: HandlerContext, accessDigest: Buffer | null) {
  return (socket: SignalingSocket, next: (error?: Error) => void): void => {
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) {
      context.metrics.connectionsRefused.inc({ reason: 'invalid_handshake' });
      next(refusal('INVALID_PAYLOAD', firstIssue(parsed.error)));
      return;
    }
    const { accessCode, presence } = parsed.data;
    if (accessDigest && (accessCode === undefined || !matchesDigest(accessCode, accessDigest))) {
      context.metrics.connectionsRefused.inc({ reason: 'access_denied' });
      context.metrics.refusals.inc({ code: 'ACCESS_DENIED' });
      context.log.info(
        { address: socket.handshake.address, given: accessCode !== undefined },
        'refused access',
      );
      next(
        refusal(
          'ACCESS_DENIED',
          accessCode === undefined
            ? 'This server needs the workspace access code. Ask whoever runs it for the code.'
            : 'That workspace access code is not right. Check it with whoever runs the server.',
        ),
      );
      return;
    }
    (socket.data as { presence?: PresenceInput }).presence = presence;
    next();
  };
}

/**
 * Per-socket event budgets (`limiter`): events per second, and strikes (refused events) within
 * RATE_STRIKE_WINDOW_S before a disconnect. Each socket's limiter is one small object made at its
 * first event and checked synchronously: no promise, timer or record per event. rate-limiter-flexible,
 * used before, started a timer and a record for every window it opened; with many sockets sending
 * now and then, that was one of each per event (docs/PERFORMANCE.md, "Less state per socket").
 */
export class RateGuard {
  readonly #events = new Map<string, RateLimiter>();
  readonly #strikes = new Map<string, RateLimiter>();

  constructor(
    private readonly eventsPerSecond: number,
    private readonly strikes: number,
  ) {}

  /** Takes one event from the socket's budget; false when it has none left this second. */
  admit(socketId: string): boolean {
    let events = this.#events.get(socketId);
    if (!events) {
      events = new RateLimiter({ tokensPerInterval: this.eventsPerSecond, interval: 'second' });
      this.#events.set(socketId, events);
    }
    return events.tryRemoveTokens(1);
  }

  /** Counts a refused event; true once the socket has been refused too often and must go. */
  strike(socketId: string): boolean {
    let strikes = this.#strikes.get(socketId);
    if (!strikes) {
      strikes = new RateLimiter({ tokensPerInterval: this.strikes, interval: RATE_STRIKE_WINDOW_S * 1000 });
      this.#strikes.set(socketId, strikes);
    }
    return !strikes.tryRemoveTokens(1);
  }

  /** Forgets a socket's budgets once it has gone. */
  forget(socketId: string): void {
    this.#events.delete(socketId);
    this.#strikes.delete(socketId);
  }
}

/** A `signal` sent without an ack learns of its refusal by `signal:refused`, as for any other code. */
function refuseSignal(socket: SignalingSocket, payload: unknown): void {
  const to = peerIdSchema.safeParse((payload as { to?: unknown } | null)?.to);
  const refused = err('RATE_LIMITED');
  if (!refused.ok) socket.emit('signal:refused', { to: to.success ? to.data : null, error: refused.error });
}

/**
 * The per-packet guard and dispatcher of one server: rate limit, then the route of a known event,
 * else a counted drop. Installed as each socket's only middleware, it never calls `next`: requests
 * are answered here, so sockets carry no event listeners and a reserved or unknown event name never
 * reaches Socket.IO's emitter.
 */
export function createPacketGate(
  context: HandlerContext,
  guard: RateGuard,
  routes: RouteTable,
): (socket: SignalingSocket, packet: unknown[]) => void {
  const { metrics, log } = context;
  // A Map, so a hostile event name such as `__proto__` finds nothing.
  const known = new Map(Object.entries(routes) as [ClientEvent, RouteSpec<unknown>][]);

  function refuse(socket: SignalingSocket, packet: unknown[]): void {
    metrics.refusals.inc({ code: 'RATE_LIMITED' });
    const ack = packet.at(-1);
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
      if (!guard.admit(socket.id)) {
        refuse(socket, packet);
        return;
      }
      const event = packet[0] as ClientEvent;
      const spec = known.get(event);
      if (spec) {
        answerRequest(context, socket, event, spec, packet.slice(1));
        return;
      }
      metrics.unknownEvents.inc();
      log.debug({ peer: socket.id, event: String(event).slice(0, 64) }, 'dropped unknown event');
    } catch (error) {
      log.error({ err: error, peer: socket.id }, 'could not handle a packet');
    }
  };
}
