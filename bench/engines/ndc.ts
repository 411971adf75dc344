/**
 * node-datachannel (libdatachannel) plumbing shared by the benchmark's publisher, receivers and the
 * node-datachannel forwarder: a peer connection on loopback whose complete SDP (candidates included)
 * is handed over in one piece, since the benchmark's peers exchange SDP directly, without trickle.
 */
import nodeDataChannel from 'node-datachannel';
import type { PeerConnection, Track } from 'node-datachannel';
import { VP8_PAYLOAD_TYPE } from './rtp';

const {
  PeerConnection: Pc,
  RtpPacketizationConfig,
  RtcpNackResponder,
  RtcpReceivingSession,
  RtcpSrReporter,
} = nodeDataChannel;

/** Packets a sender keeps to answer NACKs from: ~1 s of the benchmark's stream. */
export const NACK_CACHE = 512;

/** A peer connection on 127.0.0.1 (the benchmark runs in a loopback-only network namespace). */
export function createPeer(name: string): PeerConnection {
  return new Pc(name, { iceServers: [], bindAddress: '127.0.0.1', enableIceUdpMux: false });
}

/** The local description once ICE gathering completed, so it carries every candidate. */
export function gatheredDescription(pc: PeerConnection): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = () => {
      const description = pc.localDescription();
      if (description) resolve(description.sdp);
      else reject(new Error('no local description after gathering'));
    };
    if (pc.gatheringState() === 'complete') done();
    else
      pc.onGatheringStateChange((state) => {
        if (state === 'complete') done();
      });
  });
}

/** Resolves when the track can carry media (DTLS-SRTP up). */
export function trackOpen(track: Track): Promise<void> {
  return new Promise((resolve, reject) => {
    if (track.isOpen()) resolve();
    track.onOpen(() => resolve());
    track.onError((error) => reject(new Error(error)));
  });
}

/**
 * A send-only VP8 track of `ssrc`, with what a real sender runs under it: sender reports once a second
 * and a cache answering NACKs.
 */
export function addSendTrack(pc: PeerConnection, ssrc: number, mid = 'video'): Track {
  const video = new nodeDataChannel.Video(mid, 'SendOnly');
  video.addVP8Codec(VP8_PAYLOAD_TYPE);
  video.addSSRC(ssrc, 'nearcast-bench', 'stream', 'video');
  const track = pc.addTrack(video);
  const reporter = new RtcpSrReporter(
    new RtpPacketizationConfig(ssrc, 'nearcast-bench', VP8_PAYLOAD_TYPE, 90_000),
  );
  reporter.addToChain(new RtcpNackResponder(NACK_CACHE));
  track.setMediaHandler(reporter);
  return track;
}

/** Gives a received track a receiving session, so it answers sender reports with receiver reports. */
export function receiveWithReports(track: Track): void {
  track.setMediaHandler(new RtcpReceivingSession());
}
