/**
 * A room member that sends as well as watches, without a browser: a light viewer (light-viewer.ts)
 * that also publishes to the forwarding unit as the web client does (docs/PROTOCOL.md, forwarding
 * mode): it offers a werift publish connection with a camera-like stream, one VP8 video track and one
 * Opus audio track, announces that stream's id to every member in its `media` state, and once the unit
 * accepts it sends a looping VP8 clip (test/e2e/vp8-clip.ts) and silence. One layer, no simulcast: the unit
 * forwards a single layer to everyone. Small frames at a low rate and audio at the pace of a browser's
 * discontinuous transmission keep a room of many senders cheap to forward.
 */
import { randomUUID } from 'node:crypto';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  useOPUS,
  useSdesMid,
  useVP8,
  type RTCRtpTransceiver,
} from 'werift';
import { candidateSignal, type UnitSignal, type UnitSignalData } from './light-member';
import { LightViewer } from './light-viewer';

/** One encoded VP8 frame of the clip a light sender loops (test/e2e/vp8-clip.ts makes one). */
export interface Vp8Frame {
  data: Buffer;
  keyframe: boolean;
}

/** Room for SRTP and header extensions below a LAN's MTU. */
const MAX_PAYLOAD = 1000;
const VIDEO_CLOCK = 90_000;
/** Audio while nobody speaks: a browser's Opus with DTX sends a silence frame about every 400 ms. */
const AUDIO_INTERVAL_MS = 400;
const AUDIO_CLOCK = 48_000;
/** An Opus frame of silence (TOC: CELT fullband 20 ms, one frame). */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

/** The m-lines of `sdp` answered with port 0: the unit refused them (it forwards enough senders). */
function refusedMids(sdp: string): string[] {
  const refused: string[] = [];
  let port: string | null = null;
  for (const line of sdp.split(/\r?\n/)) {
    const media = /^m=\S+ (\d+) /.exec(line);
    if (media) port = media[1] ?? null;
    const mid = /^a=mid:(\S+)/.exec(line)?.[1];
    if (mid && port === '0') refused.push(mid);
  }
  return refused;
}

/** VP8 RTP payloads of one frame (RFC 7741): a one-byte descriptor, S set on the first. */
function vp8Payloads(frame: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  for (let offset = 0; offset < frame.length; offset += MAX_PAYLOAD) {
    const descriptor = Buffer.from([offset === 0 ? 0x10 : 0x00]);
    payloads.push(Buffer.concat([descriptor, frame.subarray(offset, offset + MAX_PAYLOAD)]));
  }
  return payloads;
}

export class LightSender extends LightViewer {
  /** The stream id its tracks carry (`a=msid`) and its `media` state announces as its camera. */
  readonly streamId = randomUUID();
  /** Null until the unit answers; then whether it took our media or refused every m-line (port 0). */
  accepted: boolean | null = null;
  /** Keyframe requests (PLI) the unit passed on to us. */
  keyframeRequests = 0;
  /** Frames sent so far. */
  framesSent = 0;
  private readonly publisher: RTCPeerConnection;
  private readonly video: RTCRtpTransceiver;
  private readonly audio: RTCRtpTransceiver;
  private readonly heldPublishCandidates: UnitSignal[] = [];
  private offered = false;
  private timers: NodeJS.Timeout[] = [];
  private next = 0;
  private videoSequence = 0;
  private audioSequence = 0;
  private audioTimestamp = 0;

  constructor(
    url: string,
    name: string,
    private readonly clip: readonly Vp8Frame[],
    private readonly fps = 10,
  ) {
    super(url, name);
    this.publisher = new RTCPeerConnection({
      iceServers: [],
      // Tests run in a namespace whose only interface is loopback, which werift skips.
      iceAdditionalHostAddresses: ['127.0.0.1'],
      bundlePolicy: 'max-bundle',
      codecs: { video: [useVP8()], audio: [useOPUS()] },
      // The unit finds a single-layer stream by its MID (as it does a browser's).
      headerExtensions: { video: [useSdesMid()], audio: [useSdesMid()] },
    });
    this.publisher.onicecandidate = ({ candidate }) => {
      const signal = candidateSignal('publish', candidate);
      if (this.offered) this.send(signal);
      else this.heldPublishCandidates.push(signal);
    };
    this.video = this.publisher.addTransceiver(new MediaStreamTrack({ kind: 'video' }), {
      direction: 'sendonly',
    });
    this.audio = this.publisher.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), {
      direction: 'sendonly',
    });
    for (const transceiver of [this.video, this.audio]) transceiver.sender.streamId = this.streamId;
    this.video.sender.onPictureLossIndication.subscribe(() => {
      this.keyframeRequests += 1;
      // The clip's first frame is a keyframe: start over from it.
      this.next = 0;
    });
    this.socket.on('peer:joined', ({ id }: { id: string }) => {
      if (this.offered) this.announce(id);
    });
  }

  /**
   * Offers its media to the unit once the room is forwarded, and tells every member which stream is
   * its camera. Resolves when the offer is sent; `accepted` says later what the unit made of it.
   */
  async publish(): Promise<void> {
    await this.until(() => this.mode === 'forwarded', 'the room in forwarded mode');
    await this.publisher.setLocalDescription(await this.publisher.createOffer());
    const offer = this.publisher.localDescription!;
    this.send({
      pc: 'publish',
      data: { kind: 'description', description: { type: 'offer', sdp: offer.sdp } },
    });
    this.offered = true;
    for (const candidate of this.heldPublishCandidates.splice(0)) this.send(candidate);
    for (const peer of this.peers.keys()) this.announce(peer);
  }

  override describe(): string {
    const publish = `publish ${this.publisher.connectionState} (ICE ${this.publisher.iceConnectionState})`;
    return `${super.describe()}; ${publish}, accepted ${this.accepted}, ${this.framesSent} frames sent`;
  }

  override async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.publisher.close();
    await super.close();
  }

  protected override async onPublishSignal(data: UnitSignalData): Promise<void> {
    if (data.kind === 'candidate') {
      if (data.candidate) await this.publisher.addIceCandidate(data.candidate).catch(() => undefined);
      return;
    }
    if (data.description.type !== 'answer') return;
    await this.publisher.setRemoteDescription(data.description);
    const refused = refusedMids(data.description.sdp);
    this.accepted = !refused.includes(this.video.mid ?? '') && !refused.includes(this.audio.mid ?? '');
    if (this.accepted && this.timers.length === 0) this.startSending();
    this.notify();
  }

  private announce(peer: string): void {
    const state = {
      micMuted: false,
      cameraOff: false,
      cameraStreamId: this.streamId,
      screenStreamId: null,
    };
    this.socket.emit('signal', { to: peer, data: { kind: 'media', state } }, () => undefined);
  }

  /** werift holds packets until DTLS is up, then sends them in order: the clip starts on a keyframe. */
  private startSending(): void {
    const videoStep = VIDEO_CLOCK / this.fps;
    this.timers.push(
      setInterval(() => {
        const frame = this.clip[this.next];
        if (!frame) return;
        this.next = (this.next + 1) % this.clip.length;
        const timestamp = (this.framesSent * videoStep) >>> 0;
        this.framesSent += 1;
        const payloads = vp8Payloads(frame.data);
        payloads.forEach((payload, index) => {
          const header = new RtpHeader({
            sequenceNumber: this.videoSequence,
            timestamp,
            marker: index === payloads.length - 1,
          });
          this.videoSequence = (this.videoSequence + 1) & 0xffff;
          void this.video.sender.sendRtp(new RtpPacket(header, payload)).catch(() => undefined);
        });
      }, 1000 / this.fps),
    );
    this.timers.push(
      setInterval(() => {
        const header = new RtpHeader({
          sequenceNumber: this.audioSequence,
          timestamp: this.audioTimestamp >>> 0,
          marker: false,
        });
        this.audioSequence = (this.audioSequence + 1) & 0xffff;
        this.audioTimestamp += (AUDIO_CLOCK * AUDIO_INTERVAL_MS) / 1000;
        void this.audio.sender.sendRtp(new RtpPacket(header, OPUS_SILENCE)).catch(() => undefined);
      }, AUDIO_INTERVAL_MS),
    );
  }
}
