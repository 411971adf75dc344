/**
 * Admission at the handshake, before a socket exists for the server: the workspace access code, and
 * the optional presence registration, validated here and registered once the socket is connected. A
 * refusal carries the handshake-refusal contract (common/signaling/handshake.ts) as `err.data`.
 */
import type { Logger } from 'pino';
import { ERROR_MESSAGES, type ErrorCode, firstIssue } from '../../../common/result';
import { handshakeAuthSchema, type HandshakeRefusal } from '../../../common/signaling/handshake';
import type { ServerMetrics } from '../http/metrics';
import type { SignalingSocket } from '../transport/io';
import type { AddressSlots } from './address-slots';
import type { FailureCount } from './failure-count';
import type { OriginCheck } from './origin';
import { matchesDigest } from './secrets';

/** The error Socket.IO hands the client as `connect_error`, its `data` the refusal. */
export function refusal(
  code: ErrorCode,
  message: string = ERROR_MESSAGES[code],
  retryAfterMs?: number,
): Error & { data: HandshakeRefusal } {
  const data: HandshakeRefusal =
    retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs };
  return Object.assign(new Error(code), { data });
}

export interface AdmissionParts {
  /** SHA-256 of the workspace access code; null: an open server. */
  accessDigest: Buffer | null;
  /** Connections per client address; a handshake beyond the quota is refused. */
  slots: Pick<AddressSlots, 'hasRoom'>;
  /** Wrong access codes per client address; past a few, attempts wait and are refused unchecked. */
  accessFailures: Pick<FailureCount, 'waitFor' | 'failed' | 'clear'>;
  /** Which page origins may connect (admission/origin.ts). */
  allowOrigin: OriginCheck;
  metrics: Pick<ServerMetrics, 'connectionsRefused' | 'refusals'>;
  log: Logger;
}

/**
 * Socket.IO `io.use` middleware. Refuses an address that holds its quota of connections and a page of a
 * foreign origin, slows access-code guessing per address, checks the access code (when one is
 * configured) by comparing SHA-256 digests with timingSafeEqual, and parses an optional presence
 * registration into `socket.data`.
 */
export function admissionMiddleware(parts: AdmissionParts) {
  const { accessDigest, slots, accessFailures, allowOrigin, metrics, log } = parts;
  return (socket: SignalingSocket, next: (error?: Error) => void): void => {
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) {
      metrics.connectionsRefused.inc({ reason: 'invalid_handshake' });
      next(refusal('INVALID_PAYLOAD', firstIssue(parsed.error)));
      return;
    }
    const { address } = socket.handshake;
    if (!slots.hasRoom(address)) {
      metrics.connectionsRefused.inc({ reason: 'too_many_connections' });
      metrics.refusals.inc({ code: 'TOO_MANY_CONNECTIONS' });
      log.info({ address }, 'refused a connection: its address holds too many');
      next(refusal('TOO_MANY_CONNECTIONS'));
      return;
    }
    const { origin, host } = socket.handshake.headers;
    if (!allowOrigin(origin, host)) {
      metrics.connectionsRefused.inc({ reason: 'origin' });
      log.info({ address, origin: String(origin).slice(0, 200) }, 'refused a page of another origin');
      next(refusal('ACCESS_DENIED', 'This server does not take connections from pages of that web address.'));
      return;
    }
    const { accessCode, presence } = parsed.data;
    const wait = accessDigest && accessCode !== undefined ? accessFailures.waitFor(address) : 0;
    if (wait > 0) {
      metrics.connectionsRefused.inc({ reason: 'access_throttled' });
      metrics.refusals.inc({ code: 'RATE_LIMITED' });
      const seconds = Math.ceil(wait / 1000);
      next(refusal('RATE_LIMITED', `Too many wrong access codes. Try again in ${seconds} s.`, wait));
      return;
    }
    if (accessDigest && accessCode !== undefined && matchesDigest(accessCode, accessDigest)) {
      accessFailures.clear(address);
    } else if (accessDigest) {
      if (accessCode !== undefined) accessFailures.failed(address);
      metrics.connectionsRefused.inc({ reason: 'access_denied' });
      metrics.refusals.inc({ code: 'ACCESS_DENIED' });
      log.info({ address: socket.handshake.address, given: accessCode !== undefined }, 'refused access');
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
    socket.data.presence = presence;
    next();
  };
}
