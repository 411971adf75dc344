/**
 * Every UDP socket the unit's werift transports open, so the worker can close them all before it is
 * told to end. werift closes a connection's sockets only after its SCTP and DTLS goodbyes, which
 * `close()` does not wait for; the host ends the worker's thread once the worker says it has closed,
 * and a datagram read while a thread is being ended aborts the whole process (Node 20:
 * `UDPWrap::OnRecv` → `AddressToJS` → "FATAL ERROR: v8::FromJust Maybe value is Nothing", seen in a
 * fresh-clone test run). For the desktop app that hosts the unit, that is the app itself.
 */
import { UdpTransport } from 'werift';

const open = new Set<UdpTransport>();

/** werift declares the transport's `init` (which binds the socket) private; the unit wraps it. */
interface Binding {
  init(this: UdpTransport): Promise<void>;
}

const transport = UdpTransport.prototype as unknown as Binding;
const bind = transport.init;

transport.init = async function (this: UdpTransport): Promise<void> {
  await bind.call(this);
  open.add(this);
  this.socket.once('close', () => open.delete(this));
};

/** How many of the unit's sockets are open now. */
export function openSocketCount(): number {
  return open.size;
}

/**
 * Closes every socket still open; resolves once each is closed. werift's own close of the same
 * transport afterwards resolves as well (it tolerates a closed socket).
 */
export async function closeOpenSockets(): Promise<void> {
  await Promise.all([...open].map((each) => each.close()));
}
