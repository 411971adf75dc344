/**
 * Whether a packet the unit reads has waited too long to be worth forwarding. The unit reads each
 * publisher's socket from one thread that also encrypts a copy for every viewer; when the machine is
 * starved that thread falls behind, the socket's large receive buffer (werift-socket-buffer.ts) fills
 * with seconds of media, and forwarding all of it keeps every viewer seconds behind, keyframes asked
 * for included. A packet read long after its stream's pace says it was sent is dropped instead: the
 * unit then drains the backlog at the cost of decrypting it, and viewers recover as from a loss.
 *
 * The pace is the stream's RTP clock: `readAt - timestamp / clockRate` is the same for every packet
 * read as soon as it was sent, up to the sender's encode and pacing time and the network's jitter.
 * Its least value over a recent window is the stream's no-delay baseline; the window moves on, so
 * clock drift and a sender whose timestamps stood still while it paused are absorbed within seconds.
 * The decision is made on a frame's first packet and kept for the frame's other packets (same
 * timestamp), so a frame is forwarded whole or not at all.
 */

/**
 * How much later than its stream's baseline a frame may be read and still be forwarded. Above the
 * jitter of a LAN and the time a sender's pacer spreads a large frame over (a 720p screen keyframe
 * at a low rate takes a few hundred milliseconds), and short enough that a viewer is never more than
 * half a second behind because of the unit: the keyframe a late joiner starts on is then at most
 * this old, where 4 s was measured without the bound.
 */
export const STALE_AFTER_MS = 500;
/**
 * The same bound for a keyframe: it takes a loaded sender longer to encode and pace than the delta
 * frames that set the baseline, and it is the frame every viewer waiting for a picture needs. Dropping
 * it for being a little late would make them wait for the next one.
 */
export const KEYFRAME_STALE_AFTER_MS = 2 * STALE_AFTER_MS;
/**
 * The baseline is the least delay of the current window and the one before (2–4 s of packets): long
 * enough to drop a whole backlog (which drains in far less once its packets are not forwarded),
 * short enough that a sender's clock jump costs a few seconds at most. A stream silent for longer
 * than one window while the unit read other streams (a paused sender) starts a new baseline.
 */
const WINDOW_MS = 2_000;
/** A pause in reading every stream of a room this long is the unit's stall, not a sender's pause. */
const STALL_MS = WINDOW_MS / 2;
/** A timestamp this far behind the newest one is a new timeline (the sender restarted), not reordering. */
const TIMELINE_JUMP_MS = 5_000;

const TS_MOD = 0x1_0000_0000;

/** The difference `a - b` of two 32-bit RTP timestamps, in (-2^31, 2^31]. */
function tsDelta(a: number, b: number): number {
  const diff = (((a - b) % TS_MOD) + TS_MOD) % TS_MOD;
  return diff > TS_MOD / 2 ? diff - TS_MOD : diff;
}

/**
 * When a room's streams were read: a stream silent for a while is a paused sender only if the unit
 * read the room's other streams meanwhile. After the unit's own stall every stream is silent, and
 * what it then reads is the backlog, judged against the baseline from before.
 */
export class RoomReads {
  private last = Number.NEGATIVE_INFINITY;
  /** When the unit last read again after reading none of the room's streams for `STALL_MS`. */
  stallEnded = Number.NEGATIVE_INFINITY;

  read(at: number): void {
    if (at - this.last > STALL_MS) this.stallEnded = at;
    this.last = at;
  }
}

/** One per incoming RTP stream (a simulcast layer, or a track's only stream). */
export class StalenessGauge {
  private ssrc: number | undefined;
  /** The newest timestamp seen and its unwrapped value (counted from the stream's first packet). */
  private newestTs = 0;
  private newestUnwrapped = 0;
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private windowStart = Number.NEGATIVE_INFINITY;
  private currentMin = Number.POSITIVE_INFINITY;
  private previousMin = Number.POSITIVE_INFINITY;
  private frameTs: number | undefined;
  private frameStale = false;

  constructor(
    private readonly clockRate: number,
    private readonly room: RoomReads = new RoomReads(),
  ) {}

  /**
   * Whether the packet (read at `readAt` ms) is stale. `keyframe`: it starts a keyframe, which gets
   * the longer bound.
   */
  stale(ssrc: number, timestamp: number, readAt: number, keyframe: boolean): boolean {
    this.room.read(readAt);
    const delta = tsDelta(timestamp, this.newestTs);
    const silent = readAt - this.lastReadAt > WINDOW_MS && this.room.stallEnded <= this.lastReadAt;
    if (ssrc !== this.ssrc || silent || (delta * 1000) / this.clockRate < -TIMELINE_JUMP_MS) {
      this.restart(ssrc, timestamp, readAt);
    }
    this.lastReadAt = readAt;
    const unwrapped = this.newestUnwrapped + tsDelta(timestamp, this.newestTs);
    if (unwrapped > this.newestUnwrapped) {
      this.newestTs = timestamp;
      this.newestUnwrapped = unwrapped;
    }
    const delay = readAt - (unwrapped * 1000) / this.clockRate;
    if (readAt - this.windowStart >= WINDOW_MS) {
      this.previousMin = this.currentMin;
      this.currentMin = Number.POSITIVE_INFINITY;
      this.windowStart = readAt;
    }
    this.currentMin = Math.min(this.currentMin, delay);
    if (timestamp === this.frameTs) return this.frameStale;
    const late = delay - Math.min(this.currentMin, this.previousMin);
    this.frameTs = timestamp;
    this.frameStale = late > (keyframe ? KEYFRAME_STALE_AFTER_MS : STALE_AFTER_MS);
    return this.frameStale;
  }

  private restart(ssrc: number, timestamp: number, readAt: number): void {
    this.ssrc = ssrc;
    this.newestTs = timestamp;
    this.newestUnwrapped = 0;
    this.windowStart = readAt;
    this.currentMin = Number.POSITIVE_INFINITY;
    this.previousMin = Number.POSITIVE_INFINITY;
    this.frameTs = undefined;
  }
}
