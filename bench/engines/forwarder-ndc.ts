/**
 * The forwarder on node-datachannel (libdatachannel, native): the publisher's packets arrive as raw
 * RTP buffers, the forwarder writes each subscriber's SSRC into the header and hands the buffer to that
 * subscriber's track; libdatachannel encrypts and sends it on the calling thread, keeps it in a NACK
 * cache and sends sender reports (its media handlers). The publisher's track answers sender reports.
 */
import type { PeerConnection, Track } from 'node-datachannel';
import { addSendTrack, createPeer, gatheredDescription, receiveWithReports } from './ndc';
import type { Forwarder, ForwarderCounts } from './protocol';
import { isRtcp, setSsrc } from './rtp';

/** At most one keyframe request to the publisher per this many ms, as the unit throttles them. */
const KEYFRAME_THROTTLE_MS = 300;

/** True if the RTCP compound packet holds a picture loss indication (PT 206, FMT 1). */
function hasPli(buf: Buffer): boolean {
  for (let at = 0; at + 4 <= buf.length; at += 4 * (buf.readUInt16BE(at + 2) + 1)) {
    if (buf[at + 1] === 206 && ((buf[at] ?? 0) & 0x1f) === 1) return true;
  }
  return false;
}

/** Creates the node-datachannel forwarder. */
export function createNdcForwarder(): Forwarder {
  const subscribers = new Map<number, { pc: PeerConnection; track: Track; ssrc: number }>();
  const counts: ForwarderCounts = { received: 0, sent: 0, keyframeRequests: 0 };
  /** Every connection, held so that none is collected while libdatachannel still carries its media. */
  const peers: PeerConnection[] = [];
  let source: Track | undefined;
  let lastKeyframeRequest = 0;

  const forward = (packet: Buffer) => {
    if (isRtcp(packet)) return;
    counts.received += 1;
    for (const subscriber of subscribers.values()) {
      if (!subscriber.track.isOpen()) continue;
      setSsrc(packet, subscriber.ssrc);
      if (subscriber.track.sendMessageBinary(packet)) counts.sent += 1;
    }
  };

  const onFeedback = (packet: Buffer) => {
    const now = Date.now();
    if (!source || !isRtcp(packet) || !hasPli(packet) || now - lastKeyframeRequest < KEYFRAME_THROTTLE_MS)
      return;
    lastKeyframeRequest = now;
    counts.keyframeRequests += 1;
    source.requestKeyframe();
  };

  return {
    async publish(offer) {
      const pc = createPeer('forwarder-publish');
      peers.push(pc);
      pc.onTrack((track) => {
        receiveWithReports(track);
        track.onMessage(forward);
        source = track;
      });
      pc.setRemoteDescription(offer, 'offer');
      return gatheredDescription(pc);
    },

    async subscribe(id) {
      const pc = createPeer(`forwarder-subscribe-${id}`);
      peers.push(pc);
      const ssrc = 0x5e00_0000 + id;
      const track = addSendTrack(pc, ssrc);
      track.onMessage(onFeedback);
      pc.setLocalDescription();
      subscribers.set(id, { pc, track, ssrc });
      return gatheredDescription(pc);
    },

    async accept(id, answer) {
      const subscriber = subscribers.get(id);
      if (!subscriber) throw new Error(`no subscriber ${id}`);
      subscriber.pc.setRemoteDescription(answer, 'answer');
    },

    counts: () => ({ ...counts }),
  };
}
