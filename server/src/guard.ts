/**
 * Admission and per-packet guards, run before any handler: the workspace access code at the
 * handshake, then for every event a rate limit and the known-event check. A client that keeps
 * flooding after being told RATE_LIMITED is disconnected, so one broken or hostile tab cannot starve
 * the others of the event loop.
 */
import type { Logger } from 'pino';
import { RATE_STRIKE_WINDOW_S } from '../../common/limits';
import { ERROR_MESSAGES, err, type ErrorCode } from '../../common/result';
import { CLIENT_EVENT_NAMES } from '../../common/signaling';
import { firstIssue, peerIdSchema } from '../../common/schemas';
import { handshakeAuthSchema } from '../../common/workspace';
import type { HandlerContext, SignalingSocket } from './context';
import type { PresenceInput } from './presence-handlers';
import { matchesDigest } from './secrets';

const KNOWN_EVENTS: ReadonlySet<unknown> = new Set(CLIENT_EVENT_NAMES);

/** What `connect_error` carries for a refused handshake: `err.data` on the client. */
export interface HandshakeRefusal {
  code: ErrorCode;
  message: string;
}

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
 * A fixed-window counter, the same rule rate-limiter-flexible's memory limiter applied here before:
 * at most `points` events within `durationMs` of the window's first event. Synchronous and kept on
 * the socket itself, so the per-packet guard costs no promise, no timer and no shared map.
 */
export class WindowCounter {
  #start = -Infinity;
  #count = 0;

  constructor(
    readonly points: number,
    readonly durationMs: number,
  ) {}

  /** Counts one event at `now` (ms); false once the window holds more than `points`. */
  take(now: number): boolean {
    if (now - this.#start >= this.durationMs) {
      this.#start = now;
      this.#count = 0;
    }
    this.#count += 1;
    return this.#count <= this.points;
  }
}

/** The per-socket limits of one server: events per second, and strikes before a disconnect. */
export interface RateGuard {
  eventsPerSecond: number;
  strikes: number;
}

export function createRateGuard(eventsPerSecond: number, strikes: number): RateGuard {
  return { eventsPerSecond, strikes };
}

/** A `signal` sent without an ack learns of its refusal by `signal:refused`, as for any other code. */
function refuseSignal(socket: SignalingSocket, payload: unknown): void {
  const to = peerIdSchema.safeParse((payload as { to?: unknown } | null)?.to);
  const refused = err('RATE_LIMITED');
  if (!refused.ok) socket.emit('signal:refused', { to: to.success ? to.data : null, error: refused.error });
}

/** Installs the per-packet guard on one socket; its counters go away with the socket. */
export function guardSocket(
  context: HandlerContext,
  socket: SignalingSocket,
  guard: RateGuard,
  peerLog: Logger,
): void {
  const { metrics } = context;
  const events = new WindowCounter(guard.eventsPerSecond, 1_000);
  const strikes = new WindowCounter(guard.strikes, RATE_STRIKE_WINDOW_S * 1_000);
  socket.use((packet, next) => {
    const [event] = packet;
    const now = performance.now();
    if (events.take(now)) {
      if (KNOWN_EVENTS.has(event)) {
        next();
        return;
      }
      metrics.unknownEvents.inc();
      peerLog.debug({ event: String(event).slice(0, 64) }, 'dropped unknown event');
      return;
    }
    metrics.refusals.inc({ code: 'RATE_LIMITED' });
    const ack = packet.at(-1);
    if (typeof ack === 'function') (ack as (result: unknown) => void)(err('RATE_LIMITED'));
    else if (event === 'signal') refuseSignal(socket, packet[1]);
    if (strikes.take(now) || !socket.connected) return;
    metrics.connectionsRefused.inc({ reason: 'rate_limit' });
    peerLog.warn('disconnected a client that kept exceeding the rate limit');
    socket.disconnect(true);
  });
}
