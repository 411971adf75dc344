/**
 * The forwarding unit's worker thread: every forwarded room's media runs here, away from the thread
 * that answers Socket.IO, so a busy room never delays signaling. Started by `createForwardingUnit`;
 * built as its own file next to the server bundle (`unit-worker.js`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { UnitStats } from './forwarding-unit';
import type { HostMessage, WorkerMessage, WorkerSettings } from './protocol';
import { KEYFRAME_DROPS, noPlis, type KeyframeDrop } from './pli-counts';
import { Router } from './router';
import { closeUnitSockets } from './werift-queue';
import { createWeriftEngine } from './werift-engine';

const port = parentPort;
if (!port) throw new Error('unit worker started outside a worker thread');
const settings = workerData as WorkerSettings;

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

function warn(message: string, details: Record<string, unknown>): void {
  post({ type: 'log', level: 'warn', message, details });
}

function debug(message: string, details: Record<string, unknown>): void {
  post({ type: 'log', level: 'debug', message, details });
}

async function start(): Promise<void> {
  const engine = await createWeriftEngine({
    addresses: settings.addresses,
    ...(settings.debug ? { debug } : {}),
  });
  const rooms = new Map<string, Router>();

  function router(room: string): Router {
    let found = rooms.get(room);
    if (!found) {
      found = new Router({
        engine,
        maxSenders: settings.maxSenders,
        send: (peerId, signal) => post({ type: 'signal', outgoing: { room, peerId, signal } }),
        warn: (message, details) => warn(message, { room, ...details }),
      });
      rooms.set(room, found);
    }
    return found;
  }

  function stats(): UnitStats {
    const total: UnitStats = {
      rooms: rooms.size,
      publishers: 0,
      subscribers: 0,
      packetsForwarded: 0,
      keyframeRequests: 0,
      keyframeRequestsDropped: noPlis().dropped,
      keyframeRequestsReceived: 0,
      retransmissions: 0,
      stalePackets: 0,
      subscriptions: [],
    };
    for (const [room, routed] of rooms) {
      const { subscriptions, ...figures } = routed.stats();
      total.publishers += figures.publishers;
      total.subscribers += figures.subscribers;
      total.packetsForwarded += figures.packetsForwarded;
      total.keyframeRequests += figures.keyframeRequests;
      for (const reason of KEYFRAME_DROPS) {
        const dropped = total.keyframeRequestsDropped as Record<KeyframeDrop, number>;
        dropped[reason] += figures.keyframeRequestsDropped[reason];
      }
      total.keyframeRequestsReceived += figures.keyframeRequestsReceived;
      total.retransmissions += figures.retransmissions;
      total.stalePackets += figures.stalePackets;
      for (const subscription of subscriptions) total.subscriptions?.push({ room, ...subscription });
    }
    return total;
  }

  port?.on('message', (message: HostMessage) => {
    switch (message.type) {
      case 'join':
        router(message.room).join(message.peerId);
        break;
      case 'leave': {
        const routed = rooms.get(message.room);
        routed?.leave(message.peerId);
        if (routed && routed.size === 0) rooms.delete(message.room);
        break;
      }
      case 'signal':
        rooms.get(message.room)?.signal(message.peerId, message.pc, message.data);
        break;
      case 'stats':
        post({ type: 'stats', id: message.id, stats: stats() });
        break;
      case 'close':
        for (const routed of rooms.values()) routed.close();
        rooms.clear();
        // Only once no socket can read a datagram: the host ends this thread when told (see
        // werift-queue.ts).
        void closeUnitSockets().finally(() => post({ type: 'closed' }));
        break;
    }
  });
  post({ type: 'ready', fingerprint: engine.fingerprint });
}

start().catch((error: unknown) => {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
