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
import { matchesDigest } from './secrets';

/** The error Socket.IO hands the client as `connect_error`, its `data` the refusal. */
export function refusal(
  code: ErrorCode,
  message: string = ERROR_MESSAGES[code],
): Error & { data: HandshakeRefusal } {
  return Object.assign(new Error(code), { data: { code, message } });
}

export interface AdmissionParts {
  /** SHA-256 of the workspace access code; null: an open server. */
  accessDigest: Buffer | null;
  /** Connections per client address; a handshake beyond the quota is refused. */
  slots: Pick<AddressSlots, 'hasRoom'>;
  metrics: Pick<ServerMetrics, 'connectionsRefused' | 'refusals'>;
  log: Logger;
}

/**
 * Socket.IO `io.use` middleware. Refuses an address that holds its quota of connections, checks the access code (when one is configured) by comparing SHA-256
 * digests with timingSafeEqual, and parses an optional presence registration into `socket.data`.
 */
export function admissionMiddleware(parts: AdmissionParts) {
  const { accessDigest, slots, metrics, log } = parts;
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
    const { accessCode, presence } = parsed.data;
    if (accessDigest && (accessCode === undefined || !matchesDigest(accessCode, accessDigest))) {
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
