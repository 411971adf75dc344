/**
 * werift 0.25's DTLS client fails its handshake when a second HelloVerifyRequest arrives: it resent its
 * ClientHello before a busy server answered the first, the server answered both, and the client's
 * flight 3 runs again and throws (`Flight3.exec`: "already in flight 3"), so the connection reports DTLS
 * `failed` while ICE stays connected. A browser ignores the duplicate. The light viewers, many werift
 * clients of one werift server on a loaded machine, met it on about a third of their connections; with
 * this module imported they ignore it too. Product code never runs werift as a DTLS client against a
 * server that sends HelloVerifyRequests (the unit is the client only towards browsers, which send none).
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
