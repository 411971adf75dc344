/**
 * One published track sent to one viewer: picks the layer for this viewer, switches only on a
 * keyframe of that layer (asking for one), rewrites the packets into one continuous stream and keeps
 * the audio level extension, renumbered for the viewer's connection.
 */
import type { OutgoingTrack, RtpPacketView } from './engine';
import { startsKeyframe } from './keyframe';
import { chooseLayer } from './layer-choice';
import type { PublishedTrack } from './published-track';
import { mapExtensions, StreamRewriter } from './rewriter';
import { AUDIO_LEVEL_URI } from './werift-config';

/** Header extensions that mean something to the viewer and are forwarded. */
const FORWARDED_EXTENSIONS = [AUDIO_LEVEL_URI];

/** Packets of other layers after which the layer is chosen again without waiting for feedback. */
const RECONSIDER_AFTER = 30;

export class Forward {
  private readonly rewriter: StreamRewriter;
  private readonly unsubscribe: () => void;
  /** The layer being sent (undefined until its first keyframe), and the one wanted. */
  current: string | undefined;
  target: string | undefined;
  packets = 0;
  private ready = false;
  private budget: number | undefined;
  private loss: number | undefined;
  /** Packets of other layers since the choice was last made. */
  private offTarget = 0;

  constructor(
    readonly track: PublishedTrack,
    readonly out: OutgoingTrack,
    ssrc: number,
  ) {
    this.rewriter = new StreamRewriter(ssrc, track.codec.clockRate);
    this.target = track.layerKeys.at(-1);
    this.unsubscribe = track.onPacket((layer, packet) => this.handle(layer, packet));
    out.onKeyframeRequest(() => this.requestKeyframe());
  }

  /** The viewer's connection can carry media: ask the target layer for a keyframe to start on. */
  start(): void {
    this.ready = true;
    this.requestKeyframe();
  }

  /** Applies this viewer's feedback; a new target layer is asked for a keyframe to switch on. */
  adapt(budget: number | undefined, loss: number | undefined): void {
    this.budget = budget;
    if (loss !== undefined) this.loss = loss;
    this.choose();
  }

  private choose(): void {
    if (this.track.kind !== 'video' || this.track.layerKeys.length < 2) return;
    const target = chooseLayer({
      layers: this.track.rates(),
      current: this.current,
      budget: this.budget,
      loss: this.loss,
    });
    if (target === undefined || target === this.target) return;
    this.target = target;
    if (target !== this.current && this.ready) this.track.requestKeyframe(target);
  }

  requestKeyframe(): void {
    if (this.track.kind !== 'video') return;
    const layer = this.target ?? this.current;
    if (layer !== undefined) this.track.requestKeyframe(layer);
  }

  private handle(layer: string, packet: RtpPacketView): void {
    if (!this.ready) return;
    // Layers come and go with the publisher's bandwidth: a viewer that sends no feedback (or none
    // yet) must not wait for ever on a layer that stopped, so the choice is made again now and then.
    if (layer !== this.target && ++this.offTarget >= RECONSIDER_AFTER) {
      this.offTarget = 0;
      this.choose();
    }
    if (layer === this.target && layer !== this.current) {
      if (this.track.kind === 'audio' || startsKeyframe(this.track.codec.mimeType, packet.payload)) {
        this.rewriter.switchTo(packet.header.ssrc);
        this.current = layer;
      }
    }
    if (layer !== this.current) return;
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

  close(): void {
    this.unsubscribe();
  }
}
