/**
 * Members of a forwarded room played by werift peer connections in the test process: a publisher
 * that sends synthetic RTP (VP8 keyframes, Opus with an audio level), and a viewer that answers the
 * unit's subscribe offers and records what arrives on each m-line.
 */
import {
  MediaStream,
  MediaStreamTrack,
  PictureLossIndication,
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  useAudioLevelIndication,
  useSdesMid,
  type RTCRtpTransceiver,
} from 'werift';
import type { UnitTrack } from '../../../common/signaling/unit';
import type { ForwardingUnit, UnitOutgoing } from '../../../server/src/unit/forwarding-unit';
import { resumeRestartedIce } from '../../../server/src/unit/werift-ice-restart';

export const ROOM = 'forwarded-room';
/** The number of the `sendFrame` call a packet came from (its last two payload bytes). */
export function frameNumber(packet: { payload: Buffer }): number {
  return packet.payload.readUInt16BE(packet.payload.length - 2);
}

const video = (mimeType: string, parameters?: string) =>
  new RTCRtpCodecParameters({
    mimeType,
    clockRate: 90000,
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
    ...(parameters ? { parameters } : {}),
  });
/** What a viewer accepts: VP8, then VP9, as a browser lists them. */
const VIEWER_VIDEO = () => [
  video('video/VP8'),
  video('video/VP9', 'profile-id=0'),
  video('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
];
const OPUS = () => new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 });

function connection(videoCodecs: RTCRtpCodecParameters[], audioLevelFirst = false): RTCPeerConnection {
  return new RTCPeerConnection({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    bundlePolicy: 'max-bundle',
    codecs: { video: videoCodecs, audio: [OPUS()] },
    headerExtensions: {
      video: [useSdesMid()],
      // A different order than the unit's, so the audio level id differs between the two sides.
      audio: audioLevelFirst
        ? [useAudioLevelIndication(), useSdesMid()]
        : [useSdesMid(), useAudioLevelIndication()],
    },
  });
}

/** Routes the unit's signals to the members the test created, by peer id. */
export function routeSignals(unit: ForwardingUnit, members: Map<string, Member>): () => void {
  return unit.onSignal((outgoing: UnitOutgoing) => {
    void members.get(outgoing.peerId)?.receive(outgoing);
  });
}

export class Member {
  readonly publish: RTCPeerConnection;
  readonly subscribe = connection(VIEWER_VIDEO());
  readonly stream = new MediaStream();
  readonly video = new MediaStreamTrack({ kind: 'video' });
  readonly audio = new MediaStreamTrack({ kind: 'audio' });
  /** The last track table the unit sent with a subscribe offer. */
  tracks: UnitTrack[] = [];
  /** Packets received per mid of the subscribe connection. */
  readonly received = new Map<string, RtpPacket[]>();
  /**
   * Keyframe requests (PLI) arriving on the publish connection: the stream each names, and whether
   * werift handed it to this member's video sender (which a browser's encoder would answer).
   */
  readonly keyframeRequests: { mediaSsrc: number; reachedSender: boolean }[] = [];
  /** Whether `sendFrame` sends keyframes (the default) or delta frames. */
  keyframes = true;
  /**
   * With delta frames: the next frame after a keyframe request reached the sender is a keyframe, as a
   * browser's encoder answers one (a unit that dropped stale media waits for it).
   */
  answersKeyframeRequests = false;
  /**
   * How long (ms) before its RTP pace `sendFrame` stamps its frames: a sender whose pacer held them
   * behind a large keyframe on a slow link. They reach the unit late as their timestamps say, but
   * wait in no queue of the unit's.
   */
  lateBy = 0;
  /**
   * Off: the unit's publish answer is kept unapplied, so the publish connection never completes its
   * DTLS handshake (a member whose connection is still being set up, or never gets through).
   */
  applyPublishAnswer = true;
  /**
   * Set: the member's network is gone. The descriptions it sends name only this port on 127.0.0.1,
   * where nothing answers, and no end of candidates (a browser would trickle more); it checks no
   * candidates itself.
   */
  unreachableAt: number | undefined;
  private senderPlis = 0;
  private answeredPlis = 0;
  private seq = 1000;
  /** The RTP clock of the last frame sent, before `lateBy`: one 30 fps frame per call. */
  private timestamp = 5000;
  private frames = 0;
  private arrivals: (() => void)[] = [];
  private answered: (() => void)[] = [];
  /** The unit's descriptions so far, per connection, oldest first. */
  readonly descriptions: Record<'publish' | 'subscribe', string[]> = { publish: [], subscribe: [] };
  private described: (() => void)[] = [];
  private watching = false;

  constructor(
    private readonly unit: ForwardingUnit,
    readonly peerId: string,
    /** The one video codec this member publishes in. */
    readonly videoCodec: 'VP8' | 'VP9' = 'VP8',
  ) {
    this.publish = connection(
      [videoCodec === 'VP8' ? video('video/VP8') : video('video/VP9', 'profile-id=0')],
      true,
    );
    this.subscribe.onTransceiverAdded.subscribe((transceiver) => this.listen(transceiver));
    this.subscribe.onRemoteTransceiverAdded.subscribe((transceiver) => this.listen(transceiver));
  }

  private listen(transceiver: RTCRtpTransceiver): void {
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet) => {
        const mid = transceiver.mid ?? '?';
        this.received.set(mid, [...(this.received.get(mid) ?? []), packet]);
        for (const wake of this.arrivals.splice(0)) wake();
      });
    });
  }

  /** The SSRC of this member's published video. */
  get videoSsrc(): number | undefined {
    return this.publish.getTransceivers().find((t) => t.sender.track === this.video)?.sender.ssrc;
  }

  /** Offers the publish connection with a video and an audio track in one stream. */
  async startPublishing(): Promise<void> {
    this.publish.addTrack(this.video, this.stream).onPictureLossIndication.subscribe(() => {
      this.senderPlis += 1;
    });
    this.publish.addTrack(this.audio, this.stream);
    await this.publish.setLocalDescription(await this.publish.createOffer());
    this.offerPublish(this.publish.localDescription?.sdp ?? '');
  }

  /** Hands a publish offer to the unit. */
  offerPublish(sdp: string): void {
    this.unit.signal(ROOM, this.peerId, 'publish', {
      kind: 'description',
      description: { type: 'offer', sdp: this.outgoing(sdp) },
    });
  }

  private outgoing(sdp: string, gone = this.unreachableAt): string {
    if (gone === undefined) return sdp;
    return sdp
      .replace(/^(a=candidate:\S+ \d+ udp \d+) \S+ \d+/gm, `$1 127.0.0.1 ${gone}`)
      .replace(/^a=end-of-candidates\r?\n/gm, '');
  }

  /** Resolves with the SDP of the unit's next publish answer, once applied. */
  nextPublishAnswer(): Promise<string> {
    return new Promise<string>((resolve) =>
      this.answered.push(() => resolve(this.publish.remoteDescription?.sdp ?? '')),
    );
  }

  async receive({ signal }: UnitOutgoing): Promise<void> {
    if (signal.data.kind !== 'description') return;
    const { description } = signal.data;
    // The network as it was when the unit's description came, before the test goes on.
    const gone = this.unreachableAt;
    this.descriptions[signal.pc].push(description.sdp);
    for (const wake of this.described.splice(0)) wake();
    if (signal.pc === 'publish') {
      if (!this.applyPublishAnswer) return;
      await this.publish.setRemoteDescription({ type: 'answer', sdp: description.sdp });
      // werift stands in for a browser here, and needs the unit's help to restart ICE (see there).
      if (gone === undefined) resumeRestartedIce(this.publish, () => undefined);
      this.watchKeyframeRequests();
      for (const wake of this.answered.splice(0)) wake();
      return;
    }
    this.tracks = signal.tracks ?? [];
    await this.subscribe.setRemoteDescription({ type: 'offer', sdp: description.sdp });
    await this.subscribe.setLocalDescription(await this.subscribe.createAnswer());
    if (gone === undefined) resumeRestartedIce(this.subscribe, () => undefined);
    this.unit.signal(ROOM, this.peerId, 'subscribe', {
      kind: 'description',
      description: { type: 'answer', sdp: this.outgoing(this.subscribe.localDescription?.sdp ?? '', gone) },
    });
  }

  /** Restarts ICE on the publish connection, as a browser's restartIce(): an offer with new credentials. */
  async restartPublish(): Promise<void> {
    await this.publish.setLocalDescription(await this.publish.createOffer({ iceRestart: true }));
    this.offerPublish(this.publish.localDescription?.sdp ?? '');
  }

  /** Asks the unit to restart ICE on the subscribe connection, where it is the offerer. */
  askSubscribeRestart(): void {
    this.unit.signal(ROOM, this.peerId, 'subscribe', { kind: 'restart' });
  }

  /** Resolves once the unit has sent `count` descriptions on `pc`. */
  async descriptionCount(pc: 'publish' | 'subscribe', count: number): Promise<void> {
    while (this.descriptions[pc].length < count) {
      await new Promise<void>((resolve) => this.described.push(resolve));
    }
  }

  /**
   * From now on `sendFrame` sends delta frames, and a keyframe only to answer a request that reaches
   * the sender after this call: requests that came before count as answered.
   */
  answerNewKeyframeRequestsOnly(): void {
    this.keyframes = false;
    this.answersKeyframeRequests = true;
    this.answeredPlis = this.senderPlis;
  }

  /** Records each PLI reaching the publish connection, after werift routed it (it subscribed first). */
  private watchKeyframeRequests(): void {
    const transport = this.publish.getTransceivers()[0]?.sender.dtlsTransport;
    if (!transport || this.watching) return;
    this.watching = true;
    let counted = this.senderPlis;
    transport.onRtcp.subscribe((packet) => {
      if (!(packet instanceof RtcpPayloadSpecificFeedback)) return;
      if (!(packet.feedback instanceof PictureLossIndication)) return;
      this.keyframeRequests.push({
        mediaSsrc: packet.feedback.mediaSsrc,
        reachedSender: this.senderPlis > counted,
      });
      counted = this.senderPlis;
    });
  }

  /** Asks the unit for a keyframe of the video on `mid`, as a browser does when it lost a frame. */
  askKeyframe(mid: string): void {
    const transceiver = this.subscribe.getTransceivers().find((t) => t.mid === mid);
    const ssrc = this.received.get(mid)?.at(-1)?.header.ssrc;
    if (!transceiver || ssrc === undefined) throw new Error(`nothing received on ${mid}`);
    void transceiver.receiver.sendRtcpPLI(ssrc);
  }

  /** Resolves once the unit has answered the publish offer. */
  async publishAnswered(): Promise<void> {
    if (this.publish.remoteDescription) return;
    await new Promise<void>((resolve) => this.answered.push(resolve));
  }

  /**
   * One video packet (VP8 or VP9; a keyframe unless `keyframes` is off) and one Opus packet with audio
   * level 42 (−42 dBov), both ending in the frame's number (`frameNumber`), which it returns.
   */
  sendFrame(): number {
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp += 3000;
    this.frames = (this.frames + 1) & 0xffff;
    const timestamp = (this.timestamp - this.lateBy * 90 + 0x1_0000_0000) % 0x1_0000_0000;
    const audioTimestamp = (this.timestamp - this.lateBy * 48 + 0x1_0000_0000) % 0x1_0000_0000;
    const number = [this.frames >> 8, this.frames & 0xff];
    // VP8 descriptor S=1, PID=0, then a frame tag with P=0; VP9 descriptor with B=1, P=0.
    // A delta frame: VP8's frame tag with P=1; VP9's descriptor with P=1.
    const keyframe = this.keyframes || (this.answersKeyframeRequests && this.senderPlis > this.answeredPlis);
    this.answeredPlis = this.senderPlis;
    const frame = keyframe
      ? Buffer.from([this.videoCodec === 'VP8' ? 0x10 : 0x08, 0x00, 0x9d, 0x01, 0x2a, ...number])
      : Buffer.from([this.videoCodec === 'VP8' ? 0x10 : 0x48, 0x01, ...number]);
    this.video.writeRtp(
      new RtpPacket(new RtpHeader({ sequenceNumber: this.seq, timestamp, marker: true }), frame),
    );
    const level = this.publish.getTransceivers().find((t) => t.kind === 'audio')?.headerExtensions;
    const levelId = level?.find((ext) => ext.uri.endsWith('ssrc-audio-level'))?.id;
    this.audio.writeRtp(
      new RtpPacket(
        new RtpHeader({
          sequenceNumber: this.seq,
          timestamp: audioTimestamp,
          extension: levelId !== undefined,
          extensions: levelId !== undefined ? [{ id: levelId, payload: Buffer.from([42]) }] : [],
        }),
        Buffer.from([0xfc, 0xff, 0xfe, ...number]),
      ),
    );
    return this.frames;
  }

  /** Sends frames until `done` holds; waits on arrivals, not on a clock. */
  async sendUntil(from: Member, done: () => boolean): Promise<void> {
    while (!done()) {
      from.sendFrame();
      await new Promise<void>((resolve) => {
        this.arrivals.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.publish.close(), this.subscribe.close()]);
  }
}

/**
 * Sets the direction of every m-line this member publishes (`inactive` while muted with the camera
 * off, `sendonly` to send again) and offers it; resolves once the unit answered.
 */
export async function republish(member: Member, direction: 'inactive' | 'sendonly'): Promise<string> {
  for (const transceiver of member.publish.getTransceivers()) transceiver.setDirection(direction);
  const answered = member.nextPublishAnswer();
  await member.publish.setLocalDescription(await member.publish.createOffer());
  const sdp = member.publish.localDescription?.sdp ?? '';
  member.offerPublish(sdp);
  return answered;
}
