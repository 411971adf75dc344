/**
 * werift's side of the queue probe (queue-probe.ts): the unit's sockets by port, as they are bound,
 * and for a publish connection whether what it reads now waited too long in the unit's queue. Only
 * publish connections' sockets are probed: the media that can go stale comes in on them, and a room of
 * fifty viewers would otherwise cost the busy thread a probe per viewer socket ten times a second.
 */
import type { Socket } from 'node:dgram';
import type { RTCPeerConnection } from 'werift';
import { QueueProbe } from './queue-probe';

const sockets = new Map<number, Socket>();
let probe: QueueProbe | null = null;

/** Called by werift-socket-buffer.ts for each socket werift binds. */
export function registerSocket(socket: Socket): void {
  const { port } = socket.address();
  sockets.set(port, socket);
  socket.once('close', () => {
    if (sockets.get(port) === socket) sockets.delete(port);
  });
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
