/**
 * The unit's UDP sockets get a receive buffer large enough to ride out a busy moment. werift reads its
 * sockets from one JavaScript thread that also encrypts for every viewer; when the machine is loaded
 * that thread stalls for a few hundred milliseconds, and the operating system's default buffer (208 KiB
 * on Linux: about 170 packets, a quarter of a second of two shared screens) overflows and drops
 * datagrams. Publishers then read the loss in the unit's receiver reports (90 % was seen) and cut
 * their rate to the minimum for many seconds, and viewers wait on keyframes they cannot complete: the
 * multi-second gaps measured at the mesh → forwarded switch under load (test/e2e/switch-gap.e2e.ts).
 * A stall becomes a delay instead, which the viewers' jitter buffers absorb. The operating system caps
 * the size: Linux keeps its cap (`net.core.rmem_max`) silently; a system that refuses the size (macOS
 * above `kern.ipc.maxsockbuf`) leaves the socket with its default buffer, as before.
 */
import { UdpTransport } from 'werift';
import { bindingSocket, registerSocket } from './werift-queue';

/** Bytes asked for: about 1.5 s of 20 Mbit/s, the most a unit of this size receives at once. */
export const UNIT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** werift declares the transport's `init` (which binds the socket) private; the unit wraps it. */
interface Binding {
  init(this: UdpTransport): Promise<void>;
}

const transport = UdpTransport.prototype as unknown as Binding;
const bind = transport.init;

transport.init = function (this: UdpTransport): Promise<void> {
  const bound = (async () => {
    await bind.call(this);
    // A publish connection finds its sockets by port, to probe their queues; the unit's close closes
    // them all (werift-queue.ts).
    registerSocket(this.socket);
    try {
      this.socket.setRecvBufferSize(UNIT_RECEIVE_BUFFER_BYTES);
    } catch {
      // Refused by the system: the default buffer still works, it only drops sooner under load.
    }
  })();
  // A socket still binding when the unit closes is closed with the others once bound.
  bindingSocket(bound);
  return bound;
};
