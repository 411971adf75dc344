/**
 * One member's subscribe connection: the unit is the only offerer. Tracks coming and going are
 * batched into one offer; while an offer waits for its answer, further changes wait for the next.
 * Each offer carries the table of m-lines that carry a track (mid → owner, stream, kind).
 */
import type { UnitTrack } from '../../../common/signaling/unit';
import type { ReceiverFeedback, SubscribeConnection } from './engine';
import type { Clock } from './clock';
import { Forward } from './forward';
import type { ForwardStats } from './forwarding-unit';
import type { PublishedTrack } from './published-track';

/** How a subscriber reaches its member, through the router. */
export interface SubscriberEvents {
  /** A new offer for the member, with its track table. */
  offer(sdp: string, tracks: UnitTrack[]): void;
  error(error: unknown): void;
}

/** One per member of a forwarded room. */
export class Subscriber {
  private readonly forwards = new Map<PublishedTrack, Forward>();
  private offering = false;
  private dirty = false;
  private scheduled = false;
  private closed = false;
  /** An answer was applied: there is a connection whose ICE can be restarted. */
  private negotiated = false;
  /** The next offer restarts ICE. */
  private restartWanted = false;
  private budget: number | undefined;
  private loss: number | undefined;
  private nextSsrc: number;
  /** Keyframe requests made on forwards since removed, so the total never goes back. */
  private keyframeRequestsPast = 0;

  constructor(
    readonly peerId: string,
    readonly connection: SubscribeConnection,
    private readonly clock: Clock | undefined,
    private readonly events: SubscriberEvents,
  ) {
    this.nextSsrc = (Math.random() * 0xffff_ffff) >>> 0;
    // Not on the engine's own 'failed': werift reports it when consent checks run late under load
    // and recovers by itself, where a restart of both ends could not. The member's browser knows.
    connection.onReconnected(() => this.resume());
  }

  /**
   * The member's ICE broke on this connection (it asked): the next offer, made at once or after the
   * answer awaited, carries new ICE credentials.
   */
  restartIce(): void {
    if (this.closed || !this.negotiated) return;
    this.restartWanted = true;
    this.schedule();
  }

  /** Asks a keyframe for every video the viewer gets (of `tracks` only, when given): see Forward.resume. */
  resume(tracks?: ReadonlySet<PublishedTrack>): void {
    for (const [track, forward] of this.forwards) if (!tracks || tracks.has(track)) forward.resume();
  }

  add(track: PublishedTrack): void {
    if (this.closed || this.forwards.has(track)) return;
    const out = this.connection.addTrack(track.kind, track.codec);
    this.nextSsrc = (this.nextSsrc + 1) >>> 0;
    const forward = new Forward(track, out, this.nextSsrc, this.clock);
    out.onReady(() => forward.start());
    out.onFeedback((feedback) => this.feedback(forward, feedback));
    this.forwards.set(track, forward);
    this.schedule();
  }

  remove(track: PublishedTrack): void {
    const forward = this.forwards.get(track);
    if (!forward) return;
    forward.close();
    this.keyframeRequestsPast += forward.keyframeRequests;
    this.forwards.delete(track);
    this.connection.removeTrack(forward.out);
    this.schedule();
  }

  /** The member's answer to the last offer; changes made meanwhile go out in the next. */
  async answer(sdp: string): Promise<void> {
    if (!this.offering) return;
    try {
      await this.connection.acceptAnswer(sdp);
      this.negotiated = true;
    } finally {
      // A refused answer must not leave the connection waiting forever: the next change offers again.
      this.offering = false;
      if (this.dirty) {
        this.dirty = false;
        this.schedule();
      }
    }
  }

  stats(): ForwardStats[] {
    return [...this.forwards.values()].map((forward) => ({
      owner: forward.track.owner,
      streamId: forward.track.streamId,
      kind: forward.track.kind,
      mid: forward.out.mid,
      layer: forward.current ?? null,
      packets: forward.packets,
    }));
  }

  get retransmissions(): number {
    let total = 0;
    for (const forward of this.forwards.values()) total += forward.out.retransmissions;
    return total;
  }

  /** Keyframe requests (PLI, FIR) the member sent, before pacing. */
  get keyframeRequests(): number {
    let total = this.keyframeRequestsPast;
    for (const forward of this.forwards.values()) total += forward.keyframeRequests;
    return total;
  }

  get packetsForwarded(): number {
    let total = 0;
    for (const forward of this.forwards.values()) total += forward.packets;
    return total;
  }

  /** Stops forwarding and closes the connection. */
  close(): void {
    this.closed = true;
    for (const forward of this.forwards.values()) forward.close();
    this.forwards.clear();
    void this.connection.close();
  }

  /**
   * REMB is one estimate for the whole connection: it is shared among the video tracks, so each gets
   * an equal part; loss is per track but the same link carries them all.
   */
  private feedback(from: Forward, feedback: ReceiverFeedback): void {
    if (feedback.estimatedBitrate !== undefined) this.budget = feedback.estimatedBitrate;
    if (feedback.fractionLost !== undefined) this.loss = feedback.fractionLost;
    const videos = [...this.forwards.values()].filter((f) => f.track.kind === 'video');
    const share = this.budget === undefined ? undefined : this.budget / Math.max(1, videos.length);
    for (const forward of videos) forward.adapt(share, forward === from ? this.loss : undefined);
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.offering) {
      this.dirty = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.offer();
    });
  }

  private async offer(): Promise<void> {
    if (this.closed || this.offering) return;
    this.offering = true;
    const iceRestart = this.restartWanted;
    this.restartWanted = false;
    try {
      const sdp = await this.connection.offer({ iceRestart });
      const tracks: UnitTrack[] = [];
      for (const forward of this.forwards.values()) {
        const mid = forward.out.mid;
        if (mid === null) continue;
        const { owner, streamId, kind } = forward.track;
        tracks.push({ mid, owner, streamId, kind });
      }
      if (!this.closed) this.events.offer(sdp, tracks);
    } catch (error) {
      this.offering = false;
      this.restartWanted ||= iceRestart;
      this.events.error(error);
    }
  }
}
