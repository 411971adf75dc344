/**
 * ICE restarts on werift connections. werift takes new ICE credentials from either end (its agent
 * starts over with them), but when the negotiation completes it connects only transports whose DTLS
 * is not up yet: a restarted transport keeps its DTLS session and is never checked again, so no media
 * flows. Here each transport the restart left without a candidate pair is started again; its DTLS
 * session and SRTP keys carry on over the new pair.
 */
import type { RTCIceTransport, RTCPeerConnection } from 'werift';

/** Transports being checked again, so a candidate arriving meanwhile does not start a second round. */
const checking = new WeakSet<RTCIceTransport>();
/** The restarts of each transport already connected again (werift counts them on the transport). */
const resumed = new WeakMap<RTCIceTransport, number>();

/**
 * Starts ICE again on every transport of `pc` a restart left without a pair. Called once both
 * descriptions of a negotiation are applied, and again with each remote candidate: a member trickles
 * its new candidates after its offer or answer, and a round that found none to check ends failed.
 * `reconnected` runs when such a transport has a pair again.
 */
export function resumeRestartedIce(pc: RTCPeerConnection, reconnected: () => void): void {
  if (pc.signalingState !== 'stable') return;
  for (const dtls of pc.dtlsTransports) {
    const ice = dtls.iceTransport;
    // Only after a restart: a transport that merely has no nominated pair of its own (the controlled
    // end) must not be checked again.
    if (ice.iceRestarts <= (resumed.get(ice) ?? 0) || dtls.state !== 'connected') continue;
    if (ice.connection.nominated || checking.has(ice)) continue;
    if (!ice.connection.remoteUsername || ice.connection.remoteCandidates.length === 0) continue;
    checking.add(ice);
    const restarts = ice.iceRestarts;
    ice.start().then(
      () => {
        checking.delete(ice);
        resumed.set(ice, restarts);
        reconnected();
      },
      () => checking.delete(ice),
    );
  }
}
