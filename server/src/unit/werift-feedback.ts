/**
 * The feedback the unit sends a publisher on werift (its ceiling as REMB, keyframe requests as PLI)
 * and the per-stream NACK tracking of what it receives.
 */
import {
  PictureLossIndication,
  ReceiverEstimatedMaxBitrate,
  RtcpPayloadSpecificFeedback,
  type RTCRtpTransceiver,
  type RtcpPacket,
} from 'werift';

/** REMB (draft-alvestrand-rmcat-remb): `bitrate` as an 18-bit mantissa and a 6-bit exponent. */
export function rembPacket(senderSsrc: number, bitrate: number, ssrcs: number[]): RtcpPacket {
  let exponent = 0;
  while (bitrate >= 2 ** (18 + exponent)) exponent += 1;
  const mantissa = Math.floor(bitrate / 2 ** exponent);
  return new RtcpPayloadSpecificFeedback({
    feedback: new ReceiverEstimatedMaxBitrate({
      senderSsrc,
      mediaSsrc: 0,
      brExp: exponent,
      brMantissa: mantissa,
      bitrate: BigInt(mantissa) << BigInt(exponent),
      ssrcNum: ssrcs.length,
      ssrcFeedbacks: ssrcs,
    }),
  });
}

/**
 * PLI (RFC 4585 §6.3.1) for the stream `mediaSsrc`, signed with the connection's own feedback SSRC, as
 * its REMB is. werift's receiver signs its PLI with the SSRC its answer announces on the m-line, and a
 * werift publisher (a light sender, a client written from docs/PROTOCOL.md) routes payload-specific
 * feedback by the sender SSRC before the media SSRC: to its own receiver of that SSRC, which drops it,
 * so its encoder never heard the request. A browser looks at the media SSRC only.
 */
export function pliPacket(senderSsrc: number, mediaSsrc: number): RtcpPacket {
  return new RtcpPayloadSpecificFeedback({
    feedback: new PictureLossIndication({ senderSsrc, mediaSsrc }),
  });
}

interface NackTracker {
  addPacket(packet: unknown): void;
  close(): void;
}

/**
 * werift's receiver tracks losses with one NACK handler per m-line, which with simulcast mixes the
 * sequence numbers of three streams and asks the publisher for packets it never lost. Here each
 * stream (SSRC) gets its own handler of werift's class.
 */
export function nackPerStream(transceiver: RTCRtpTransceiver): void {
  // werift declares the handler private; the receiver calls only addPacket and close on it.
  const receiver = transceiver.receiver as unknown as { nack: NackTracker };
  const Handler = receiver.nack.constructor as new (owner: unknown) => NackTracker;
  const byStream = new Map<number, NackTracker>();
  receiver.nack = {
    addPacket(packet) {
      const ssrc = (packet as { header: { ssrc: number } }).header.ssrc;
      let handler = byStream.get(ssrc);
      if (!handler) {
        handler = new Handler(transceiver.receiver);
        byStream.set(ssrc, handler);
      }
      handler.addPacket(packet);
    },
    close() {
      for (const handler of byStream.values()) handler.close();
      byStream.clear();
    },
  };
}
