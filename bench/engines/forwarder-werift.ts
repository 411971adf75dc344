/**
 * The forwarder on werift (TypeScript): the publisher's packets arrive as parsed `RtpPacket`s, and each
 * subscriber's `RTCRtpSender.sendRtp` rewrites SSRC, payload type and header extensions, keeps the
 * packet for NACKs and encrypts it, all on the JavaScript thread. This is the path the forwarding unit
 * takes on werift; the receiving side runs werift's NACK generator and receiver reports.
 */
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useAbsSendTime,
  useSdesMid,
  type RTCRtpReceiver,
  type RTCRtpSender,
  type RtpPacket,
} from 'werift';
import type { Forwarder, ForwarderCounts } from './protocol';
import { VP8_PAYLOAD_TYPE } from './rtp';

/** At most one keyframe request to the publisher per this many ms, as the unit throttles them. */
const KEYFRAME_THROTTLE_MS = 300;

function peer(): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90_000,
          payloadType: VP8_PAYLOAD_TYPE,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
        }),
      ],
    },
    headerExtensions: { video: [useSdesMid(), useAbsSendTime()] },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
  });
}

async function gathered(pc: RTCPeerConnection): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        unSubscribe();
        resolve();
      });
    });
  }
  const description = pc.localDescription;
  if (!description) throw new Error('no local description after gathering');
  return description.sdp;
}

/** Creates the werift forwarder. */
export function createWeriftForwarder(): Forwarder {
  const subscribers = new Map<number, { pc: RTCPeerConnection; sender: RTCRtpSender }>();
  const counts: ForwarderCounts = { received: 0, sent: 0, keyframeRequests: 0 };
  let source: { receiver: RTCRtpReceiver; ssrc: number } | undefined;
  let lastKeyframeRequest = 0;

  const forward = (rtp: RtpPacket) => {
    counts.received += 1;
    for (const { sender } of subscribers.values()) {
      counts.sent += 1;
      sender.sendRtp(rtp).catch(() => undefined); // a closing connection drops the packet, as it should
    }
  };

  const requestKeyframe = () => {
    const now = Date.now();
    if (!source || now - lastKeyframeRequest < KEYFRAME_THROTTLE_MS) return;
    lastKeyframeRequest = now;
    counts.keyframeRequests += 1;
    source.receiver.sendRtcpPLI(source.ssrc).catch(() => undefined);
  };

  return {
    async publish(offer) {
      const pc = peer();
      pc.onTrack.subscribe((track) => {
        track.onReceiveRtp.subscribe((rtp) => {
          if (!source) {
            const transceiver = pc.getTransceivers().find((t) => t.receiver.tracks.includes(track));
            if (transceiver) source = { receiver: transceiver.receiver, ssrc: rtp.header.ssrc };
          }
          forward(rtp);
        });
      });
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      return gathered(pc);
    },

    async subscribe(id) {
      const pc = peer();
      const { sender } = pc.addTransceiver('video', { direction: 'sendonly' });
      sender.onPictureLossIndication.subscribe(requestKeyframe);
      await pc.setLocalDescription(await pc.createOffer());
      subscribers.set(id, { pc, sender });
      return gathered(pc);
    },

    async accept(id, answer) {
      const subscriber = subscribers.get(id);
      if (!subscriber) throw new Error(`no subscriber ${id}`);
      await subscriber.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    },

    counts: () => ({ ...counts }),
  };
}
