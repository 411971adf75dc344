/**
 * One published track sent to one viewer: picks the layer for this viewer, switches only on a
 * keyframe of that layer (asking for one), rewrites the packets into one continuous stream and keeps
 * the audio level extension, renumbered for the viewer's connection.
 */
import type { OutgoingTrack, RtpPacketView } from './engine';
import { startsKeyframe } from './keyframe';
import { KEYFRAME_INTERVAL_MS, type KeyframeNeed } from './keyframe-throttle';
import { systemClock, type Clock } from './clock';
import { chooseLayer, DOWN_LOSS } from './layer-choice';
import type { PublishedTrack } from './published-track';
import { mapExtensions, StreamRewriter } from './rewriter';
import { AUDIO_LEVEL_URI } from './werift-config';

/** Header extensions that mean something to the viewer and are forwarded. */
const FORWARDED_EXTENSIONS = [AUDIO_LEVEL_URI];

/** Packets of other layers after which the layer is chosen again without waiting for feedback. */
const RECONSIDER_AFTER = 30;

/** After a step down, how long a viewer waits before trying a larger layer again (doubling, capped). */
const PROBE_BACKOFF_MS = 5_000;
const PROBE_BACKOFF_MAX_MS = 60_000;
/** After a step up, how long the viewer's estimate has to grow into the new layer (loss still counts). */
const PROBE_GRACE_MS = 3_000;
/**
 * How long a viewer waits for the keyframe it needs before it is asked for again: longer than the
 * throttle between two requests to a layer and than Chromium's own least time between two keyframes.
 */
const KEYFRAME_RETRY_MS = KEYFRAME_INTERVAL_MS + 100;

/** Made by the subscriber for each track it receives; one per (viewer, track). */
export class Forward {
  private readonly rewriter: StreamRewriter;
  private readonly unsubscribe: () => void;
  /** The layer being sent (undefined until its first keyframe), and the one wanted. */
  current: string | undefined;
  target: string | undefined;
  packets = 0;
  /** Keyframe requests (PLI, FIR) this viewer sent for the track, before pacing. */
  keyframeRequests = 0;
  private ready = false;
  private budget: number | undefined;
  private loss: number | undefined;
  /** Packets of other layers since the choice was last made. */
  private offTarget = 0;
  private probeAfter = 0;
  private backoff = PROBE_BACKOFF_MS;
  private graceUntil = 0;
  /** The next keyframe request while the viewer waits for its first (or its new layer's) keyframe. */
  private retry: unknown = null;
  /** The viewer lost packets while ICE had no path (see {@link resume}) and waits for a keyframe. */
  private resuming = false;
  /** Stale packets of the current layer were left out (queue-probe.ts): the stream resumes after them. */
  private skipped = false;
  private closed = false;

  constructor(
    readonly track: PublishedTrack,
    readonly out: OutgoingTrack,
    ssrc: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.rewriter = new StreamRewriter(ssrc, track.codec.clockRate);
    this.target = track.layerKeys.at(-1);
    this.unsubscribe = track.onPacket((layer, packet, stale) => this.handle(layer, packet, stale));
    out.onKeyframeRequest(() => {
      this.keyframeRequests += 1;
      // A viewer with a picture of its layer asks to repair a loss: paced longer than one without.
      this.requestKeyframe(
        this.current !== undefined && this.current === this.target ? 'repair' : this.need(),
      );
    });
  }

  /**
   * The viewer's connection can carry media: ask the target layer for a keyframe to start on, and ask
   * again until one arrives. A request can be lost, or ignored by an encoder that has just made a
   * keyframe for someone else (Chromium makes at most one per 300 ms), and a viewer joining a running
   * share must not wait for the next one nobody asked for.
   */
  start(): void {
    this.ready = true;
    this.requestKeyframe('start');
    this.askAgainUntilKeyframe();
  }

  /**
   * ICE has a path again after a restart, on the viewer's connection or the publisher's: what was sent
   * meanwhile is lost, and the picture would stay broken until the next keyframe nobody asked for.
   * Ask for one now, and again until it arrives.
   */
  resume(): void {
    if (this.track.kind !== 'video' || !this.ready || this.closed) return;
    this.resuming = true;
    this.requestKeyframe('start');
    if (this.retry === null) this.askAgainUntilKeyframe();
  }

  private askAgainUntilKeyframe(): void {
    if (this.track.kind !== 'video' || this.closed) return;
    this.retry = this.clock.setTimeout(() => {
      this.retry = null;
      const settled = this.current !== undefined && this.current === this.target && !this.resuming;
      if (this.closed || settled) return;
      // A track none of whose layers sends (a camera turned off keeps its m-line) has no encoder to
      // answer: asking would cost a PLI every 400 ms per track for nothing. The loop goes on, so the
      // viewer is asked for within 400 ms of the stream's first packet. After a restart the picture
      // is broken, as for a viewer joining.
      if (this.track.rates().some((layer) => layer.bitrate > 0)) {
        this.requestKeyframe(this.resuming ? 'start' : this.need());
      }
      this.askAgainUntilKeyframe();
    }, KEYFRAME_RETRY_MS);
  }

  /** Applies this viewer's feedback; a new target layer is asked for a keyframe to switch on. */
  adapt(budget: number | undefined, loss: number | undefined): void {
    this.budget = budget;
    if (loss !== undefined) this.loss = loss;
    this.choose();
  }

  private choose(): void {
    if (this.track.kind !== 'video' || this.track.layerKeys.length < 2) return;
    const layers = this.track.rates();
    const now = this.clock.now();
    const target = chooseLayer({
      layers,
      current: this.current,
      budget: this.budget,
      loss: this.loss,
      mayProbe: now >= this.probeAfter,
    });
    if (target === undefined || target === this.target) return;
    const rank = (rid: string | undefined) => this.track.layerKeys.indexOf(rid ?? '');
    const down = rank(target) < rank(this.target);
    const stillFlowing = layers.some((layer) => layer.rid === this.target && layer.bitrate > 0);
    if (down && now < this.graceUntil && (this.loss ?? 0) < DOWN_LOSS && stillFlowing) return;
    if (!down) this.graceUntil = now + PROBE_GRACE_MS;
    if (down) {
      // Stepping down, perhaps after a probe that did not hold: wait longer before the next one.
      this.probeAfter = now + this.backoff;
      this.backoff = Math.min(this.backoff * 2, PROBE_BACKOFF_MAX_MS);
    }
    this.target = target;
    if (target !== this.current && this.ready) {
      this.track.requestKeyframe(target, this.need());
      if (this.retry === null) this.askAgainUntilKeyframe();
    }
  }

  /**
   * How urgent the keyframe this viewer waits for is: a viewer without a picture (joining, or whose
   * layer stopped flowing) needs it now; one moving between two flowing layers keeps its picture.
   */
  private need(): KeyframeNeed {
    if (this.current === undefined) return 'start';
    const flowing = this.track.rates().some((layer) => layer.rid === this.current && layer.bitrate > 0);
    return flowing ? 'switch' : 'start';
  }

  private requestKeyframe(need: KeyframeNeed): void {
    if (this.track.kind !== 'video') return;
    const layer = this.target ?? this.current;
    if (layer !== undefined) this.track.requestKeyframe(layer, need);
  }

  private handle(layer: string, packet: RtpPacketView, stale: boolean): void {
    if (!this.ready) return;
    // Layers come and go with the publisher's bandwidth: a viewer that sends no feedback (or none
    // yet) must not wait for ever on a layer that stopped, so the choice is made again now and then.
    if (layer !== this.target && ++this.offTarget >= RECONSIDER_AFTER) {
      this.offTarget = 0;
      this.choose();
    }
    if (stale) {
      if (layer === this.current) this.skipped = true;
      return;
    }
    if (this.skipped && layer === this.current && !this.resumeAfterStale(packet)) return;
    if (layer === this.target && layer !== this.current) {
      if (this.track.kind === 'audio' || startsKeyframe(this.track.codec.mimeType, packet.payload)) {
        this.rewriter.switchTo(packet.header.ssrc);
        this.current = layer;
        // The switch starts the viewer's stream afresh, on a keyframe, whatever was left out before.
        this.skipped = false;
      }
    }
    if (layer !== this.current) return;
    if (this.resuming && startsKeyframe(this.track.codec.mimeType, packet.payload)) this.resuming = false;
    const header = this.rewriter.rewrite(packet.header);
    if (!header) return;
    header.extensions = mapExtensions(
      packet.header.extensions,
      this.track.extensions,
      this.out.extensions,
      FORWARDED_EXTENSIONS,
    );
    this.packets += 1;
    this.out.send({ header, payload: packet.payload });
  }

  /**
   * The first fresh packet of the current layer after stale ones: audio goes on at once; video waits
   * for a keyframe (asked for now, as after an ICE restart), since the frames it would decode refer to
   * frames the viewer never got. The sequence numbers run on without the gap. Whether to send `packet`.
   */
  private resumeAfterStale(packet: RtpPacketView): boolean {
    const video = this.track.kind === 'video';
    if (video && !startsKeyframe(this.track.codec.mimeType, packet.payload)) {
      if (!this.resuming) this.resume();
      return false;
    }
    this.skipped = false;
    this.rewriter.resync();
    return true;
  }

  close(): void {
    this.closed = true;
    if (this.retry !== null) this.clock.clearTimeout(this.retry);
    this.unsubscribe();
  }
}
