/**
 * A publisher sending VP8 simulcast as Chromium does, on a werift connection (werift sends one RTP
 * stream per transceiver): its offer lists rids instead of SSRCs, and each layer's packets carry the
 * MID and RID header extensions on an SSRC of their own, written straight to the DTLS transport. It
 * records the keyframe requests (PLI) it receives, by the SSRC they name.
 */
import {
  PictureLossIndication,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtcpPayloadSpecificFeedback,
  RtpHeader,
  RTP_EXTENSION_URI,
  useSdesMid,
  useSdesRTPStreamId,
  type RTCRtpTransceiver,
} from 'werift';

/** The offer Chromium makes for `rids`: no SSRC lines, a rid line each, a simulcast line. */
function simulcastOffer(sdp: string, rids: readonly string[]): string {
  const lines = sdp.split('\r\n').filter((line) => !/^a=ssrc(-group)?:/.test(line));
  const end = lines.at(-1) === '' ? lines.length - 1 : lines.length;
  lines.splice(end, 0, ...rids.map((rid) => `a=rid:${rid} send`), `a=simulcast:send ${rids.join(';')}`);
  return lines.join('\r\n');
}

export class SimulcastPublisher {
  readonly pc = new RTCPeerConnection({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    bundlePolicy: 'max-bundle',
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90000,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
        }),
      ],
    },
    headerExtensions: { video: [useSdesMid(), useSdesRTPStreamId()] },
  });
  private readonly transceiver: RTCRtpTransceiver;
  /** Each layer's SSRC, by rid. */
  readonly ssrcs: ReadonlyMap<string, number>;
  /** The SSRC each PLI received names, in order. */
  readonly keyframeRequests: number[] = [];
  private seq = 0;

  constructor(readonly rids: readonly string[]) {
    this.transceiver = this.pc.addTransceiver('video', { direction: 'sendonly' });
    this.ssrcs = new Map(rids.map((rid, i) => [rid, 0x1000 + i]));
  }

  /** The offer, ready for the unit. */
  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return simulcastOffer(this.pc.localDescription?.sdp ?? '', this.rids);
  }

  async accept(answer: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.transceiver.sender.dtlsTransport.onRtcp.subscribe((packet) => {
      if (!(packet instanceof RtcpPayloadSpecificFeedback)) return;
      if (packet.feedback instanceof PictureLossIndication) {
        this.keyframeRequests.push(packet.feedback.mediaSsrc);
      }
    });
  }

  /** One VP8 keyframe packet on every layer, once DTLS is up (before, nothing can be sent). */
  async sendFrame(): Promise<void> {
    const transport = this.transceiver.sender.dtlsTransport;
    if (transport.state !== 'connected') return;
    const ids = new Map(this.transceiver.headerExtensions.map((ext) => [ext.uri, ext.id]));
    const midId = ids.get(RTP_EXTENSION_URI.sdesMid);
    const ridId = ids.get(RTP_EXTENSION_URI.sdesRTPStreamID);
    const payloadType = this.transceiver.codecs[0]?.payloadType;
    if (midId === undefined || ridId === undefined || payloadType === undefined) {
      throw new Error('the unit did not accept MID, RID or VP8');
    }
    this.seq += 1;
    for (const [rid, ssrc] of this.ssrcs) {
      const header = new RtpHeader({
        ssrc,
        payloadType,
        sequenceNumber: this.seq,
        timestamp: this.seq * 3000,
        marker: true,
        extension: true,
        extensions: [
          { id: midId, payload: Buffer.from(this.transceiver.mid ?? '') },
          { id: ridId, payload: Buffer.from(rid) },
        ],
      });
      await transport.sendRtp(Buffer.from([0x10, 0x00, 0x9d, 0x01, 0x2a, 0, 0]), header);
    }
  }

  async close(): Promise<void> {
    await this.pc.close();
  }
}
