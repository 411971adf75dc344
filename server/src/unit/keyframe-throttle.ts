/**
 * Keyframe requests to one publisher's layer. Every viewer that loses a frame asks for a keyframe,
 * and 30 lossy viewers asking at once would make the sharer encode one every few hundred milliseconds:
 * a keyframe is several times a delta frame's size and encode time, and its burst of packets is what a
 * lossy Wi-Fi link loses next. So requests are collapsed per layer, and paced by why they are made:
 *   - `start`: a viewer has no picture of this layer yet (it joined, or switches layer). Sent at most
 *     once per `KEYFRAME_INTERVAL_MS`, so a late joiner sees the share within a second.
 *   - `switch`: a viewer that has a picture moves to this layer (its bandwidth changed). It keeps
 *     its current layer meanwhile, so nothing freezes: sent at most once per `REPAIR_INTERVAL_MS`.
 *   - `repair`: a viewer receiving the layer lost packets its NACKs did not recover. Sent at most
 *     once per `REPAIR_INTERVAL_MS` after the last request or the last keyframe seen, whichever is
 *     later (LiveKit paces PLIs to its middle and top layers at one a second): a keyframe the
 *     publisher sent anyway (its own, or one asked for another viewer) repaired everyone until then.
 * A keyframe that arrives answers every request still waiting, which is then not sent (as mediasoup's
 * keyframe request manager does). A request is otherwise never dropped: it is sent when its time comes.
 */
import { systemClock, type Clock } from './clock';

/** The shortest time between two keyframe requests to the same layer for a viewer without picture. */
export const KEYFRAME_INTERVAL_MS = 300;
/** The shortest time between two keyframe requests to the same layer to repair a viewer's losses. */
export const REPAIR_INTERVAL_MS = 1000;

/** Why a keyframe is wanted: a viewer's first picture, a viewer's move between layers, or a loss. */
export type KeyframeNeed = 'start' | 'switch' | 'repair';

/** One per publisher layer; `request` may be called as often as viewers ask. */
export class KeyframeThrottle {
  private lastSent = Number.NEGATIVE_INFINITY;
  private lastKeyframe = Number.NEGATIVE_INFINITY;
  private pending: { handle: unknown; at: number } | null = null;
  private disposed = false;
  /** Requests handed to the layer so far (it counts which of them went out as a PLI). */
  sent = 0;

  constructor(
    private readonly send: () => void,
    private readonly clock: Clock = systemClock,
    private readonly intervals: Record<KeyframeNeed, number> = {
      start: KEYFRAME_INTERVAL_MS,
      switch: REPAIR_INTERVAL_MS,
      repair: REPAIR_INTERVAL_MS,
    },
  ) {}

  request(need: KeyframeNeed): void {
    if (this.disposed) return;
    const since = need === 'repair' ? Math.max(this.lastSent, this.lastKeyframe) : this.lastSent;
    const at = since + this.intervals[need];
    if (this.pending !== null) {
      // Already due no later: that request serves this one too.
      if (this.pending.at <= at) return;
      this.clock.clearTimeout(this.pending.handle);
      this.pending = null;
    }
    const wait = at - this.clock.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    const handle = this.clock.setTimeout(() => {
      this.pending = null;
      this.fire();
    }, wait);
    this.pending = { handle, at };
  }

  /** A keyframe of the layer arrived: it answers every request still waiting. */
  keyframe(): void {
    this.lastKeyframe = this.clock.now();
    if (this.pending !== null) this.clock.clearTimeout(this.pending.handle);
    this.pending = null;
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending !== null) this.clock.clearTimeout(this.pending.handle);
    this.pending = null;
  }

  private fire(): void {
    if (this.disposed) return;
    this.lastSent = this.clock.now();
    this.sent += 1;
    this.send();
  }
}
