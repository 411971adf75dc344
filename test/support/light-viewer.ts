/**
 * A room member that only watches, receiving with werift: it answers the forwarding unit's subscribe
 * offers recvonly and counts what arrives on every track without decoding (packets, frames, keyframes
 * and their size), so a test or benchmark can fill a room to 30 with a few megabytes each. It
 * advertises its bandwidth with REMB, as a browser does, so a test can make the unit send it a lower
 * layer. Its signaling is light-member.ts's.
 */
import { performance } from 'node:perf_hooks';
import {
  ReceiverEstimatedMaxBitrate,
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  useH264,
  useOPUS,
  useVP8,
  useVP9,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import { candidateSignal, LightMember, type UnitSignal, type UnitSignalData } from './light-member';
import '../../server/src/unit/werift-dtls-fix';
// As the unit's: a consent answer read late by the busy test process must still count, or werift sets
// the connection failed and stops sending REMB and receiver reports (server/src/unit/werift-consent-fix.ts).
import '../../server/src/unit/werift-consent-fix';
// As the unit's: a busy test process must not drop what the unit sends (server/src/unit/werift-socket-buffer.ts).
import '../../server/src/unit/werift-socket-buffer';

export type { TrackCount } from './light-member';

/** Far above any layer: what a viewer with no limit advertises. */
const UNLIMITED_BPS = 50_000_000;
/** How often REMB is repeated, as a browser does, so the unit's estimate never goes stale. */
const REMB_INTERVAL_MS = 250;

export class LightViewer extends LightMember {
  private readonly pc: RTCPeerConnection;
  private readonly transceivers = new Map<string, RTCRtpTransceiver>();
  private readonly heldCandidates: UnitSignal[] = [];
  private bandwidth = UNLIMITED_BPS;
  private readonly remb: NodeJS.Timeout;
  private readonly createdAt = performance.now();
  private readonly stateChanges: string[] = [];

  constructor(url: string, name: string) {
    super(url, name);
    this.pc = new RTCPeerConnection({
      iceServers: [],
      // Tests and benchmarks run in a namespace whose only interface is loopback, which werift skips.
      iceAdditionalHostAddresses: ['127.0.0.1'],
      codecs: { video: [useVP8(), useVP9(), useH264()], audio: [useOPUS()] },
    });
    // werift gathers inside setLocalDescription, before the answer is sent: candidates wait for it.
    this.pc.onicecandidate = ({ candidate }) => {
      const signal = candidateSignal('subscribe', candidate);
      if (this.answeredAt === null) this.heldCandidates.push(signal);
      else this.send(signal);
    };
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.connectedAt === null) this.connectedAt = performance.now();
      this.noteState(`connection ${state}`);
      this.notify();
    });
    this.pc.iceConnectionStateChange.subscribe((state) => this.noteState(`ICE ${state}`));
    this.pc.ontrack = ({ track, transceiver }) => {
      const mid = transceiver.mid;
      if (!mid) return;
      this.transceivers.set(mid, transceiver);
      track.onReceiveRtp.subscribe((rtp) => {
        this.count(mid, rtp.header.timestamp, this.mimeOf(transceiver, rtp), rtp.payload);
      });
    };
    this.remb = setInterval(() => this.sendRemb(), REMB_INTERVAL_MS);
  }

  /** Advertises at most `bps` (REMB); null lifts the limit. Takes effect from the next REMB, at once. */
  limitBandwidth(bps: number | null): void {
    this.bandwidth = bps ?? UNLIMITED_BPS;
    this.sendRemb();
  }

  /** The subscribe connection's state, and its changes so far (seconds after the member was made). */
  protected connectionState(): string {
    return `${this.pc.connectionState} (${this.stateChanges.join(', ')})`;
  }

  private noteState(change: string): void {
    this.stateChanges.push(`${change} at ${((performance.now() - this.createdAt) / 1000).toFixed(1)} s`);
  }

  protected async closeMedia(): Promise<void> {
    clearInterval(this.remb);
    await this.pc.close();
  }

  protected async onSubscribeSignal(data: UnitSignalData): Promise<void> {
    if (data.kind === 'candidate') {
      if (data.candidate) await this.pc.addIceCandidate(data.candidate).catch(() => undefined);
      return;
    }
    if (data.description.type !== 'offer') return;
    await this.pc.setRemoteDescription(data.description);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const answer = this.pc.localDescription!;
    this.send({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'answer', sdp: answer.sdp } },
    });
    this.answeredAt ??= performance.now();
    for (const candidate of this.heldCandidates.splice(0)) this.send(candidate);
    this.notify();
  }

  private mimeOf(transceiver: RTCRtpTransceiver, rtp: RtpPacket): string {
    const codec = transceiver.codecs.find((c) => c.payloadType === rtp.header.payloadType);
    return codec?.mimeType ?? '';
  }

  /** One REMB for every video SSRC received so far, as Chromium sends it (media SSRC 0). */
  private sendRemb(): void {
    const video = [...this.transceivers.entries()].filter(([mid]) => this.tracks.get(mid)?.kind === 'video');
    const received = video.flatMap(([, t]) => Object.keys(t.receiver.trackBySSRC).map(Number));
    // Before the first packet, the SSRCs the offer announces: the unit may wait for an estimate.
    const ssrcs = received.length > 0 ? received : this.offeredSsrcs();
    const transport = video[0]?.[1].receiver.dtlsTransport;
    if (!transport || this.pc.connectionState !== 'connected') return;
    let mantissa = this.bandwidth;
    let exponent = 0;
    while (mantissa > 0x3ffff) {
      mantissa = Math.floor(mantissa / 2);
      exponent += 1;
    }
    const remb = new ReceiverEstimatedMaxBitrate({
      senderSsrc: video[0]![1].receiver.rtcpSsrc,
      mediaSsrc: 0,
      brExp: exponent,
      brMantissa: mantissa,
      ssrcNum: ssrcs.length,
      ssrcFeedbacks: ssrcs,
    });
    void transport.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback: remb })]).catch(() => undefined);
  }

  private offeredSsrcs(): number[] {
    const sdp = this.pc.remoteDescription?.sdp ?? '';
    return [...new Set([...sdp.matchAll(/^a=ssrc:(\d+) /gm)].map((match) => Number(match[1])))];
  }
}
