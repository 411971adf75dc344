/**
 * Admission of a desktop host's LAN guests, after the workspace admission (handshake.ts). The desktop
 * app lets guests in through a second listener; its gate tells which connections came that way. Those
 * alone must give the host's access code and, when the host asks for it, wait in the lobby for the
 * host's Allow (guest-lobby.ts). The app's own window, on loopback, never meets this gate.
 *
 * The gate is read at every handshake, so the host may change the code or the approval switch while
 * hosting: guests already in stay, the next ones meet the new rule, and one the host let in while the
 * rules changed meets the new rule before coming in.
 */
import type { Logger } from 'pino';
import { handshakeAuthSchema } from '../../../common/signaling/handshake';
import type { ServerMetrics } from '../http/metrics';
import type { SignalingSocket } from '../transport/io';
import type { FailureCount } from './failure-count';
import type { GuestLobby } from './guest-lobby';
import { refusal } from './handshake';
import { matchesDigest, secretDigest } from './secrets';

/** What the embedded server asks its host about each connection. */
export interface GuestGate {
  /** Whether this connection (`socket.request.socket`) came through the LAN listener. */
  isGuest(connection: unknown): boolean;
  /** The code LAN guests must give; null when the host asks for none. */
  accessCode(): string | null;
  /** The lobby every LAN guest waits in; null when the host lets guests in without asking. */
  lobby(): GuestLobby | null;
}

export interface GuestGateParts {
  gate: () => GuestGate | null;
  /** Wrong codes per client address: guessing the host's short code is slowed like the workspace's. */
  failures: Pick<FailureCount, 'waitFor' | 'failed' | 'clear'>;
  metrics: Pick<ServerMetrics, 'connectionsRefused' | 'refusals'>;
  log: Logger;
}

/** Resolves when the guest's connection closes: its waiting handshake is withdrawn from the lobby. */
function closed(socket: SignalingSocket): Promise<void> {
  return new Promise((resolve) => socket.conn.once('close', () => resolve()));
}

/** Socket.IO `io.use` middleware; see the file comment. */
export function guestGateMiddleware({ gate, failures, metrics, log }: GuestGateParts) {
  const refuse = (next: (error?: Error) => void, reason: string, error: Error) => {
    metrics.connectionsRefused.inc({ reason });
    next(error);
  };
  const admit = async (socket: SignalingSocket, next: (error?: Error) => void): Promise<void> => {
    const current = gate();
    if (!current?.isGuest(socket.request.socket)) {
      next();
      return;
    }
    // Already accepted by the workspace admission, which ran first.
    const auth = handshakeAuthSchema.parse(socket.handshake.auth ?? {});
    const { address } = socket.handshake;
    const code = current.accessCode();
    if (code) {
      const wait = auth.accessCode !== undefined ? failures.waitFor(address) : 0;
      if (wait > 0) {
        metrics.refusals.inc({ code: 'RATE_LIMITED' });
        const seconds = Math.ceil(wait / 1000);
        refuse(
          next,
          'access_throttled',
          refusal('RATE_LIMITED', `Too many wrong access codes. Try again in ${seconds} s.`, wait),
        );
        return;
      }
      if (auth.accessCode === undefined || !matchesDigest(auth.accessCode, secretDigest(code))) {
        if (auth.accessCode !== undefined) failures.failed(address);
        metrics.refusals.inc({ code: 'ACCESS_DENIED' });
        log.info({ address, given: auth.accessCode !== undefined }, 'refused a LAN guest: access code');
        refuse(
          next,
          'access_denied',
          refusal(
            'ACCESS_DENIED',
            auth.accessCode === undefined
              ? 'This host needs its access code. Scan the QR code again or ask the host for the code.'
              : 'That access code is not right. Ask the host for the code shown next to the QR code.',
          ),
        );
        return;
      }
      failures.clear(address);
    }
    const lobby = current.lobby();
    if (!lobby || (auth.knock !== undefined && lobby.admitted(auth.knock))) {
      next();
      return;
    }
    if (auth.knock !== undefined) {
      const allowed = await lobby.wait(auth.knock, closed(socket));
      if (allowed) {
        log.info({ address }, 'the host let a LAN guest in');
        // The rules may have changed while the guest waited (the host turned the code on): read them again.
        await admit(socket, next);
      } else {
        metrics.refusals.inc({ code: 'NOT_LET_IN' });
        refuse(next, 'not_let_in', refusal('NOT_LET_IN'));
      }
      return;
    }
    const name = auth.guestName ?? auth.presence?.name ?? '';
    const knocked = lobby.knock({ name, address });
    if ('refused' in knocked) {
      metrics.refusals.inc({ code: knocked.refused.code });
      refuse(next, 'lobby', refusal(knocked.refused.code, knocked.refused.message));
      return;
    }
    log.info({ address }, 'a LAN guest knocks');
    // Refused for now with a ticket: the guest connects again with it and waits for the answer.
    const waiting = refusal('WAITING_FOR_HOST');
    Object.assign(waiting.data, { knock: knocked.ticket });
    refuse(next, 'waiting_for_host', waiting);
  };
  return admit;
}
