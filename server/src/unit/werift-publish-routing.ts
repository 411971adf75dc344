/**
 * Routing of a publish connection's incoming RTP, in place of werift's router, which keys simulcast
 * streams by rid across the whole connection (a camera's `l` and a screen's `l` would collide) and
 * learns header extension ids only from m-lines signalled by SSRC (so it never sees the
 * transport-wide sequence numbers of a simulcast-only video). Here a stream is found by its MID and
 * RID header extensions the first time, then by SSRC, and every packet's transport-wide sequence
 * number goes to the connection's congestion feedback.
 */
import {
  RTP_EXTENSION_URI,
  rtpHeaderExtensionsParser,
  type RTCPeerConnection,
  type RTCRtpReceiver,
  type RtpPacket,
  type SessionDescription,
} from 'werift';

interface Route {
  receiver: RTCRtpReceiver;
  rid: string | undefined;
}

export interface PublishRouting {
  /** Applies a new offer: its extension ids, and forgets streams of m-lines that may have changed. */
  update(offer: SessionDescription): void;
}

export function routePublishRtp(
  pc: RTCPeerConnection,
  /** Each transport-wide sequence number, with the SSRC of the packet that carried it. */
  onTransportSequence: (sequence: number, ssrc: number) => void,
): PublishRouting {
  let idToUri: Record<number, string> = {};
  const routes = new Map<number, Route>();
  // werift declares its router private; routeRtp is an own property it looks up on every packet.
  const router = (pc as unknown as { router: { routeRtp: (packet: RtpPacket) => void } }).router;

  function find(packet: RtpPacket, mid: unknown, rid: unknown): Route | undefined {
    const transceivers = pc.getTransceivers();
    const byMid = typeof mid === 'string' ? transceivers.find((t) => t.mid === mid) : undefined;
    const transceiver =
      byMid ?? transceivers.find((t) => t.receiver.trackBySSRC[packet.header.ssrc] !== undefined);
    if (!transceiver) return undefined;
    return { receiver: transceiver.receiver, rid: typeof rid === 'string' ? rid : undefined };
  }

  router.routeRtp = (packet: RtpPacket) => {
    const extensions = rtpHeaderExtensionsParser(packet.header.extensions, idToUri);
    const sequence = extensions[RTP_EXTENSION_URI.transportWideCC];
    if (typeof sequence === 'number') onTransportSequence(sequence, packet.header.ssrc);
    let route = routes.get(packet.header.ssrc);
    if (!route) {
      route = find(
        packet,
        extensions[RTP_EXTENSION_URI.sdesMid],
        extensions[RTP_EXTENSION_URI.sdesRTPStreamID],
      );
      if (!route) return;
      routes.set(packet.header.ssrc, route);
    }
    if (route.rid !== undefined) route.receiver.handleRtpByRid(packet, route.rid, extensions);
    else route.receiver.handleRtpBySsrc(packet, extensions);
  };

  return {
    update(offer) {
      idToUri = {};
      for (const media of offer.media) {
        for (const ext of media.rtp.headerExtensions) idToUri[ext.id] = ext.uri;
      }
      routes.clear();
    },
  };
}
