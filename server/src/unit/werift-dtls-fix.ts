/**
 * werift 0.25's DTLS client fails its handshake when a second HelloVerifyRequest arrives: it resent its
 * ClientHello before a busy server answered the first, the server answered both, and the client's
 * flight 3 runs again and throws (`Flight3.exec`: "already in flight 3"), so the connection reports DTLS
 * `failed` while ICE stays connected. A browser ignores the duplicate; with this module imported, werift
 * does too. The unit is the DTLS client of every publish connection (the member offers, the unit
 * answers `active`): browsers send no HelloVerifyRequest, but a member whose DTLS server verifies
 * cookies (werift's own, as a client written from docs/PROTOCOL.md may use) met it whenever the unit
 * was busy, and its media never reached the room. Light viewers in tests, werift clients of the unit's
 * subscribe connections, import it for the same reason.
 */
import { DtlsClient, DtlsSocket } from 'werift';

/** DTLS handshake type 3: HelloVerifyRequest (RFC 6347 §4.2.1). */
const HELLO_VERIFY_REQUEST = 3;

const assemble = DtlsSocket.prototype.handleFragmentHandshake;

DtlsSocket.prototype.handleFragmentHandshake = function (
  this: DtlsSocket,
  messages: Parameters<typeof assemble>[0],
) {
  const handshakes = assemble.call(this, messages);
  // Past flight 1, the client already answered a HelloVerifyRequest: a repeat of it is stale.
  if (!(this instanceof DtlsClient) || this.dtls.flight < 3) return handshakes;
  return handshakes.filter((handshake) => handshake.msg_type !== HELLO_VERIFY_REQUEST);
};
