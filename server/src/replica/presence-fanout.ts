/**
 * Presence broadcasts, coalesced. Every `presence:updated` goes to every client, so a device changing
 * name or status in a loop (re-registering, joining and leaving) cost each client hundreds of events
 * a second. Per device, the first update goes out at once and any within the next interval are held;
 * the latest of them goes out when the interval ends. A `presence:left` drops what is held for its
 * device first, so a device that left never reappears.
 */
import type { ServerToClientEvents } from '../../../common/signaling/events';
import type { DirectoryEntry } from '../../../common/signaling/presence';
import type { Delivery } from './delivery';

export interface CoalesceParts {
  intervalMs: number;
  now: () => number;
  /** Runs `run` after `ms`; returns what cancels it. Tests pass their own. */
  schedule(run: () => void, ms: number): () => void;
}

/** A timer that never keeps the process alive. */
export function unrefTimer(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** `delivery`, its `presence:updated` broadcasts coalesced per device; everything else unchanged. */
export function coalescePresence(delivery: Delivery, parts: CoalesceParts): Delivery {
  const { intervalMs, now, schedule } = parts;
  /** When each device's last update went out. */
  const sent = new Map<string, number>();
  /** The update held for each device, and what cancels its send. */
  const held = new Map<string, { entry: DirectoryEntry; cancel: () => void }>();

  function send(entry: DirectoryEntry): void {
    sent.set(entry.deviceId, now());
    delivery.broadcast('presence:updated', entry);
  }

  function updated(entry: DirectoryEntry): void {
    const { deviceId } = entry;
    const pending = held.get(deviceId);
    if (pending) {
      pending.entry = entry;
      return;
    }
    const last = sent.get(deviceId);
    if (last === undefined || now() - last >= intervalMs) {
      send(entry);
      return;
    }
    const hold: { entry: DirectoryEntry; cancel: () => void } = { entry, cancel: () => undefined };
    held.set(deviceId, hold);
    hold.cancel = schedule(
      () => {
        held.delete(deviceId);
        send(hold.entry);
      },
      last + intervalMs - now(),
    );
  }

  function left(deviceId: string): void {
    held.get(deviceId)?.cancel();
    held.delete(deviceId);
    sent.delete(deviceId);
  }

  return {
    sendTo: delivery.sendTo,
    sendHere: delivery.sendHere,
    receive: delivery.receive,
    broadcast<E extends keyof ServerToClientEvents>(
      event: E,
      ...args: Parameters<ServerToClientEvents[E]>
    ): void {
      // The generic event cannot narrow `args`; the event name says what its payload is.
      if (event === 'presence:updated') {
        updated(args[0] as DirectoryEntry);
        return;
      }
      if (event === 'presence:left') left((args[0] as { deviceId: string }).deviceId);
      delivery.broadcast(event, ...args);
    },
  };
}
