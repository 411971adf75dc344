/**
 * werift checks RFC 7675 consent on each connection every 4–6 s and waits max(500 ms, 2 × RTT + 200 ms)
 * for the answer, without retransmission; 30 s after the last answer it counted, it sets the connection
 * `failed` and sends nothing more on it, neither media nor RTCP, while it keeps receiving. A burst of
 * work in the unit's worker (forwarding to many viewers, a DTLS handshake) holds its event loop longer
 * than that wait: the answer, already in the socket, is read after its timer fired and is not counted,
 * and when the machine is saturated every check of 30 s can miss. The sharer's media then still
 * arrives, but no PLI, NACK, REMB or receiver report goes back. With this module imported, a consent
 * check waits for its answer until shortly before the next one starts (werift aborts a pending check
 * then), so consent is lost only when the peer stops answering, as RFC 7675 means.
 */
import { StunProtocol } from 'werift';

/** Below the shortest interval between two consent checks (0.8 × 5 s). */
const CONSENT_ANSWER_WAIT_MS = 3500;

const request = StunProtocol.prototype.request;

StunProtocol.prototype.request = function (
  this: StunProtocol,
  ...[message, addr, key, options, onSent]: Parameters<typeof request>
) {
  // A consent check is the one request werift sends once (no retransmission) with an abort signal.
  const consent =
    typeof options === 'object' &&
    options.retransmissions === 0 &&
    options.signal !== undefined &&
    (options.responseTimeout ?? 0) < CONSENT_ANSWER_WAIT_MS;
  const wait = consent ? { ...options, responseTimeout: CONSENT_ANSWER_WAIT_MS } : options;
  return request.call(this, message, addr, key, wait, onSent);
};
