/**
 * A media engine the test drives by hand (the unit seam under the router): publishers' tracks and
 * their simulcast layers appear when the test says, and every packet the router sends to a viewer is
 * recorded with the feedback the test plays back.
 */
import type {
  EngineCodec,
  IncomingLayer,
  IncomingTrack,
  MediaEngine,
  OutgoingTrack,
  PublishConnection,
  ReceiverFeedback,
  RtpPacketView,
  SubscribeConnection,
} from '../../../server/src/unit/engine';
import { noPlis } from '../../../server/src/unit/pli-counts';

export class FakeLayer implements IncomingLayer {
  private readonly listeners: ((packet: RtpPacketView) => void)[] = [];
  keyframeRequests = 0;
  /** Every request goes out: this engine's connection is always up. */
  readonly plis = noPlis();
  private seq = 100;
  private timestamp = 1000;

  constructor(
    readonly rid: string | undefined,
    readonly ssrc: number,
  ) {}

  onPacket(listener: (packet: RtpPacketView) => void): void {
    this.listeners.push(listener);
  }

  requestKeyframe(): void {
    this.keyframeRequests += 1;
    this.plis.sent += 1;
  }

  /** A VP8 packet of `size` bytes, a keyframe start or a delta frame. */
  send(keyframe: boolean, size = 100): void {
    this.timestamp += 3000;
    const payload = Buffer.alloc(size);
    payload[0] = 0x10;
    payload[1] = keyframe ? 0x00 : 0x01;
    this.emit(payload);
  }

  /** A further packet of the last frame (VP8, not its start). */
  sendMore(size = 100): void {
    this.emit(Buffer.alloc(size));
  }

  private emit(payload: Buffer): void {
    this.seq += 1;
    const header = {
      ssrc: this.ssrc,
      sequenceNumber: this.seq,
      timestamp: this.timestamp,
      marker: true,
      payloadType: 96,
      extensions: [],
    };
    for (const listener of this.listeners) listener({ header, payload });
  }
}

export class FakeTrack implements IncomingTrack {
  readonly codec: EngineCodec = { mimeType: 'video/VP8', clockRate: 90000 };
  readonly extensions = new Map<string, number>();
  readonly kind = 'video' as const;
  /** What `behind()` answers: set by a test playing a unit whose receive queue is too deep. */
  queueBehind = false;

  constructor(
    readonly mid: string,
    readonly streamId: string,
    readonly layers: FakeLayer[],
  ) {}

  get rids(): string[] {
    return this.layers.flatMap((layer) => (layer.rid ? [layer.rid] : []));
  }

  behind(): boolean {
    return this.queueBehind;
  }

  onLayer(listener: (layer: IncomingLayer) => void): void {
    for (const layer of this.layers) listener(layer);
  }
}

export class FakeOutgoing implements OutgoingTrack {
  mid: string | null = null;
  readonly extensions = new Map<string, number>();
  readonly sent: RtpPacketView[] = [];
  retransmissions = 0;
  private readonly keyframe: (() => void)[] = [];
  private readonly ready: (() => void)[] = [];
  private readonly feedbacks: ((feedback: ReceiverFeedback) => void)[] = [];

  constructor(readonly kind: 'audio' | 'video') {}

  send(packet: RtpPacketView): void {
    this.sent.push(packet);
  }
  onKeyframeRequest(listener: () => void): void {
    this.keyframe.push(listener);
  }
  onReady(listener: () => void): void {
    this.ready.push(listener);
  }
  onFeedback(listener: (feedback: ReceiverFeedback) => void): void {
    this.feedbacks.push(listener);
  }
  becomeReady(): void {
    for (const listener of this.ready) listener();
  }
  feedback(feedback: ReceiverFeedback): void {
    for (const listener of this.feedbacks) listener(feedback);
  }
  askKeyframe(): void {
    for (const listener of this.keyframe) listener();
  }
}

export class FakePublish implements PublishConnection {
  private readonly tracks: ((track: IncomingTrack) => void)[] = [];
  private readonly ended: ((mid: string) => void)[] = [];

  async answer(): Promise<string> {
    return 'answer';
  }
  async addCandidate(): Promise<void> {}
  onTrack(listener: (track: IncomingTrack) => void): void {
    this.tracks.push(listener);
  }
  onTrackEnded(listener: (mid: string) => void): void {
    this.ended.push(listener);
  }
  onFailed(): void {}
  private readonly reconnected: (() => void)[] = [];
  onReconnected(listener: () => void): void {
    this.reconnected.push(listener);
  }
  reconnect(): void {
    for (const listener of this.reconnected) listener();
  }
  async close(): Promise<void> {}
  publish(track: IncomingTrack): void {
    for (const listener of this.tracks) listener(track);
  }
  end(mid: string): void {
    for (const listener of this.ended) listener(mid);
  }
}

export class FakeSubscribe implements SubscribeConnection {
  readonly outgoing: FakeOutgoing[] = [];
  offers = 0;
  private nextMid = 0;

  addTrack(kind: 'audio' | 'video'): OutgoingTrack {
    const track = new FakeOutgoing(kind);
    this.outgoing.push(track);
    return track;
  }
  removeTrack(track: OutgoingTrack): void {
    (track as FakeOutgoing).mid = null;
  }
  async offer(options?: { iceRestart?: boolean }): Promise<string> {
    this.offers += 1;
    if (options?.iceRestart) this.iceRestarts += 1;
    for (const track of this.outgoing) track.mid ??= String(this.nextMid++);
    return `offer ${this.offers}`;
  }
  /** Offers made with new ICE credentials. */
  iceRestarts = 0;
  private readonly reconnected: (() => void)[] = [];

  async acceptAnswer(): Promise<void> {}
  async addCandidate(): Promise<void> {}
  onFailed(): void {}
  onReconnected(listener: () => void): void {
    this.reconnected.push(listener);
  }
  async close(): Promise<void> {}
  reconnect(): void {
    for (const listener of this.reconnected) listener();
  }
}

export class FakeEngine implements MediaEngine {
  readonly fingerprint = 'sha-256 00';
  readonly publishes: FakePublish[] = [];
  readonly subscribes: FakeSubscribe[] = [];

  createPublish(): PublishConnection {
    const publish = new FakePublish();
    this.publishes.push(publish);
    return publish;
  }
  createSubscribe(): SubscribeConnection {
    const subscribe = new FakeSubscribe();
    this.subscribes.push(subscribe);
    return subscribe;
  }
}
