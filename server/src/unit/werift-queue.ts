/**
 * werift's side of the queue probe (queue-probe.ts): the unit's sockets by port, as they are bound,
 * and for a publish connection whether what it reads now waited too long in the unit's queue. Only
 * publish connections' sockets are probed: the media that can go stale comes in on them, and a room of
 * fifty viewers would otherwise cost the busy thread a probe per viewer socket ten times a second.
 *
 * The same list lets the worker close every socket before it says it has closed. werift closes a
 * connection's sockets only after its SCTP and DTLS goodbyes, which `close()` does not wait for; the
 * host ends the worker's thread once told, and a datagram read while a thread is being ended aborts
 * the whole process (Node 20: `UDPWrap::OnRecv` → `AddressToJS` → "FATAL ERROR: v8::FromJust Maybe
 * value is Nothing", seen in a fresh-clone test run). In the desktop app that hosts the unit, that
 * process is the app.
 */
import type { Socket } from 'node:dgram';
import type { RTCPeerConnection } from 'werift';
import { QueueProbe } from './queue-probe';

const sockets = new Map<number, Socket>();
/** Binds in progress: a member that joined just before the unit closed is still gathering. */
const binding = new Set<Promise<unknown>>();
let probe: QueueProbe | null = null;

/** Called by werift-socket-buffer.ts while werift binds a socket: the unit's close waits for it. */
export function bindingSocket(bound: Promise<unknown>): void {
  binding.add(bound);
  const settled = () => binding.delete(bound);
  bound.then(settled, settled);
}

/** Called by werift-socket-buffer.ts for each socket werift binds. */
export function registerSocket(socket: Socket): void {
  const { port } = socket.address();
  sockets.set(port, socket);
  socket.once('close', () => {
    if (sockets.get(port) === socket) sockets.delete(port);
  });
}

/** How many of the unit's sockets are open now. */
export function openSocketCount(): number {
  return sockets.size;
}

/**
 * Closes every socket of the unit (werift's, those still being bound included, and the probe's);
 * resolves once each is closed. werift closing one of them afterwards completes all the same (it
 * tolerates a closed socket).
 */
export async function closeUnitSockets(): Promise<void> {
  probe?.close();
  probe = null;
  while (binding.size > 0) await Promise.allSettled([...binding]);
  await Promise.all(
    [...sockets.values()].map(
      (socket) =>
        new Promise<void>((closed) => {
          socket.once('close', () => closed());
          try {
            socket.close();
          } catch {
            closed();
          }
        }),
    ),
  );
}

/**
 * Whether what `pc` reads now is stale: the queue of one of the sockets its host candidates name held
 * its probe too long (the thread's probe; the sockets are watched from the first call on).
 */
export function publishQueueBehind(pc: RTCPeerConnection): () => boolean {
  const watched = new Set<Socket>();
  let known = '';
  return () => {
    const candidates = pc.iceTransports[0]?.localCandidates ?? [];
    // Gathered again (ICE restart) on new sockets, not only more of them: the ports tell.
    const ports = candidates.map((candidate) => candidate.port).join();
    if (ports !== known) {
      known = ports;
      probe ??= new QueueProbe();
      for (const candidate of candidates) {
        const socket = candidate.protocol === 'udp' ? sockets.get(candidate.port) : undefined;
        if (!socket || watched.has(socket)) continue;
        watched.add(socket);
        probe.watch(socket);
      }
    }
    let behind = false;
    for (const socket of watched) if (probe?.behind(socket)) behind = true;
    return behind;
  };
}
