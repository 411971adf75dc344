/**
 * A track one member publishes, as the router shares it among viewers: its RTP streams by layer
 * (simulcast rid, or `''` for the only one), each with its measured bitrate and a throttled keyframe
 * request, so 30 viewers asking for a keyframe cost the publisher one per layer per interval, and a
 * keyframe that arrives anyway answers them all.
 */
import { systemClock, type Clock } from './clock';
import type { EngineCodec, IncomingLayer, IncomingTrack, RtpPacketView } from './engine';
import { detectsKeyframes, startsKeyframe } from './keyframe';
import { KeyframeThrottle, type KeyframeNeed } from './keyframe-throttle';
import { BitrateMeter, type LayerRate } from './layer-choice';
import { Listeners } from './listeners';
import { addPlis, noPlis, type PliCounts } from './pli-counts';

/** Simulcast rids from the smallest picture up, as Nearcast's clients name them. */
const RID_ORDER = ['l', 'm', 'h'];

interface LayerState {
  layer: IncomingLayer;
  meter: BitrateMeter;
  throttle: KeyframeThrottle;
  /** The timestamp of the frame being read, and whether it is dropped: a frame goes whole or not at all. */
  frame: { timestamp: number; stale: boolean } | null;
}

/** Shared by every viewer's forward of the track, so its layers are measured and asked once. */
export class PublishedTrack {
  private readonly layers = new Map<string, LayerState>();
  private readonly packetListeners = new Listeners<[string, RtpPacketView, boolean]>();
  /** Packets read too late to forward (queue-probe.ts), of every layer since the track started. */
  stalePackets = 0;
  readonly mid: string;
  readonly kind: 'audio' | 'video';
  readonly streamId: string;
  readonly codec: EngineCodec;
  readonly extensions: ReadonlyMap<string, number>;
  /** Layer keys lowest first: the offered rids, or `['']` without simulcast. */
  readonly layerKeys: readonly string[];

  constructor(
    readonly owner: string,
    private readonly track: IncomingTrack,
    private readonly clock: Clock = systemClock,
  ) {
    this.mid = track.mid;
    this.kind = track.kind;
    this.streamId = track.streamId;
    this.codec = track.codec;
    this.extensions = track.extensions;
    this.layerKeys =
      track.rids.length > 0
        ? [...track.rids].sort((a, b) => RID_ORDER.indexOf(a) - RID_ORDER.indexOf(b))
        : [''];
    track.onLayer((layer) => this.addLayer(layer));
  }

  private addLayer(layer: IncomingLayer): void {
    const key = layer.rid ?? '';
    if (this.layers.has(key)) return;
    const state: LayerState = {
      layer,
      meter: new BitrateMeter(),
      throttle: new KeyframeThrottle(() => layer.requestKeyframe(), this.clock),
      frame: null,
    };
    this.layers.set(key, state);
    const video = this.kind === 'video' && detectsKeyframes(this.codec.mimeType);
    layer.onPacket((packet) => {
      const now = this.clock.now();
      state.meter.add(now, packet.payload.length + 12);
      const keyframe = video && startsKeyframe(this.codec.mimeType, packet.payload);
      const stale = this.stale(state, packet.header.timestamp);
      if (stale) this.stalePackets += 1;
      // A stale keyframe reached no viewer: the requests it would answer still stand.
      else if (keyframe) state.throttle.keyframe();
      this.packetListeners.emit(key, packet, stale);
    });
  }

  /**
   * Whether a packet of `timestamp` is dropped: decided on a frame's first packet, from the unit's
   * queue then (the connection's probe), and kept for the frame's other packets, so a viewer never gets
   * half a frame when the queue crosses its bound mid-frame.
   */
  private stale(state: LayerState, timestamp: number): boolean {
    if (state.frame?.timestamp !== timestamp) state.frame = { timestamp, stale: this.track.behind() };
    return state.frame.stale;
  }

  /**
   * Every packet of every layer, with its layer key and whether it is stale (it waited too long in
   * the unit's receive queue to be forwarded, queue-probe.ts); returns a function removing the listener.
   */
  onPacket(listener: (layer: string, packet: RtpPacketView, stale: boolean) => void): () => void {
    return this.packetListeners.add(listener);
  }

  /** Asks the publisher for a keyframe on `layer`, paced by `need` (keyframe-throttle.ts). */
  requestKeyframe(layer: string, need: KeyframeNeed): void {
    this.layers.get(layer)?.throttle.request(need);
  }

  /** Each layer's bitrate now, lowest first. */
  rates(): LayerRate[] {
    const now = this.clock.now();
    return this.layerKeys.map((rid) => ({ rid, bitrate: this.layers.get(rid)?.meter.bitrate(now) ?? 0 }));
  }

  /**
   * Keyframe requests the throttle let through, as they reached the publisher: PLIs written to its
   * connection, and those dropped (no SSRC yet, connection not up) with why.
   */
  get keyframeRequests(): PliCounts {
    const total = noPlis();
    for (const state of this.layers.values()) addPlis(total, state.layer.plis);
    return total;
  }

  close(): void {
    for (const state of this.layers.values()) state.throttle.dispose();
    this.packetListeners.clear();
  }
}
