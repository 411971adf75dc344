/**
 * A member's subscribe connection on werift: the unit offers one send-only m-line per forwarded track,
 * with exactly the codec its publisher sends. werift's sender keeps a cache of what it sent and answers
 * the viewer's NACKs from it; its PLI, FIR, REMB and receiver reports come back as feedback.
 */
import {
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  RtcpRrPacket,
  RtpHeader,
  RtpPacket,
  type ReceiverEstimatedMaxBitrate,
  type RTCRtpTransceiver,
  type RtcpPacket,
} from 'werift';
import type {
  EngineCodec,
  OutgoingTrack,
  ReceiverFeedback,
  RtpPacketView,
  SubscribeConnection,
} from './engine';
import { Listeners } from './listeners';
import { matchCodec, subscribeConfig } from './werift-config';
import { resumeRestartedIce } from './werift-ice-restart';

/** RTCP payload-specific feedback formats (RFC 4585, RFC 5104, draft-alvestrand-rmcat-remb). */
const PSFB_PLI = 1;
const PSFB_FIR = 4;
const PSFB_REMB = 15;

class WeriftOutgoingTrack implements OutgoingTrack {
  private readonly keyframeListeners = new Listeners<[]>();
  private readonly feedbackListeners = new Listeners<[ReceiverFeedback]>();
  private readonly readyListeners = new Listeners<[]>();
  private announced = false;

  constructor(readonly transceiver: RTCRtpTransceiver) {
    const { sender } = transceiver;
    sender.onRtcp.subscribe((packet) => this.handleRtcp(packet));
    sender.onReady.subscribe(() => this.checkReady());
  }

  /** Announces readiness once DTLS is up and the m-line negotiated, whichever comes last. */
  checkReady(): void {
    const { sender } = this.transceiver;
    if (this.announced || this.transceiver.stopping || !this.transceiver.mid) return;
    if (sender.transport?.state !== 'connected' || this.transceiver.currentDirection === null) return;
    this.announced = true;
    this.readyListeners.emit();
  }

  onReady(listener: () => void): void {
    this.readyListeners.add(listener);
  }

  get mid(): string | null {
    return this.transceiver.mid;
  }

  get extensions(): ReadonlyMap<string, number> {
    return new Map(this.transceiver.headerExtensions.map((ext) => [ext.uri, ext.id]));
  }

  get retransmissions(): number {
    // werift counts resent packets on the sender but declares the field private; its stats report
    // (getStats) carries the same figure, asynchronously.
    return (this.transceiver.sender as unknown as { retransmittedPacketsSent: number })
      .retransmittedPacketsSent;
  }

  send(packet: RtpPacketView): void {
    const { header } = packet;
    const rtp = new RtpPacket(
      new RtpHeader({
        ssrc: header.ssrc,
        sequenceNumber: header.sequenceNumber,
        timestamp: header.timestamp,
        marker: header.marker,
        payloadType: header.payloadType,
        extension: header.extensions.length > 0,
        extensions: header.extensions,
      }),
      packet.payload,
    );
    void this.transceiver.sender.sendRtp(rtp).catch(() => undefined);
  }

  onKeyframeRequest(listener: () => void): void {
    this.keyframeListeners.add(listener);
  }

  onFeedback(listener: (feedback: ReceiverFeedback) => void): void {
    this.feedbackListeners.add(listener);
  }

  private handleRtcp(packet: RtcpPacket): void {
    const ssrc = this.transceiver.sender.ssrc;
    if (packet instanceof RtcpRrPacket) {
      const report = packet.reports.find((r) => r.ssrc === ssrc);
      if (report) this.feedbackListeners.emit({ fractionLost: report.fractionLost / 256 });
      return;
    }
    if (!(packet instanceof RtcpPayloadSpecificFeedback)) return;
    const format = packet.feedback.count;
    if (format === PSFB_PLI || format === PSFB_FIR) this.keyframeListeners.emit();
    else if (format === PSFB_REMB) {
      const remb = packet.feedback as ReceiverEstimatedMaxBitrate;
      this.feedbackListeners.emit({ estimatedBitrate: Number(remb.bitrate) });
    }
  }
}

/** A member's subscribe connection, announcing addresses besides the machine's own. */
export function createWeriftSubscribe(addresses: readonly string[] | undefined): SubscribeConnection {
  const config = subscribeConfig(addresses);
  const pc = new RTCPeerConnection(config);
  const failedListeners = new Listeners<[]>();
  const reconnectedListeners = new Listeners<[]>();
  const tracks = new Set<WeriftOutgoingTrack>();
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'failed') failedListeners.emit();
  });

  return {
    addTrack(kind, codec: EngineCodec) {
      const transceiver = pc.addTransceiver(kind, { direction: 'sendonly' });
      // Only the publisher's codec: werift's sender stamps every packet with its first codec's type.
      const ours = matchCodec(config.codecs?.[kind] ?? [], codec);
      if (ours) transceiver.setCodecPreferences([ours]);
      const track = new WeriftOutgoingTrack(transceiver);
      tracks.add(track);
      return track;
    },
    removeTrack(track) {
      if (!(track instanceof WeriftOutgoingTrack)) return;
      tracks.delete(track);
      track.transceiver.stop();
    },
    async offer(options) {
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: options?.iceRestart === true }));
      return pc.localDescription?.sdp ?? '';
    },
    async acceptAnswer(sdp) {
      await pc.setRemoteDescription({ type: 'answer', sdp });
      resumeRestartedIce(pc, () => reconnectedListeners.emit());
      for (const track of tracks) track.checkReady();
    },
    async addCandidate(candidate) {
      if (!candidate) return;
      await pc.addIceCandidate(candidate);
      resumeRestartedIce(pc, () => reconnectedListeners.emit());
    },
    onFailed: (listener) => failedListeners.add(listener),
    onReconnected: (listener) => reconnectedListeners.add(listener),
    async close() {
      await pc.close();
    },
  };
}
