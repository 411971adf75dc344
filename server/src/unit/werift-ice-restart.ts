/**
 * ICE restarts on werift connections. werift takes new ICE credentials from either end (its agent
 * starts over with them), but when the negotiation completes it connects only transports whose DTLS
 * is not up yet: a restarted transport keeps its DTLS session and is never checked again, so no media
 * flows. Here each transport the restart left without a candidate pair is started again; its DTLS
 * session and SRTP keys carry on over the new pair.
 *
 * A member may restart again while the unit still checks its previous restart (its network changed
 * twice). werift cannot stop that round: it goes on with the new credentials' candidates and, when
 * it finds a pair, rejects all the same (the restart dropped what werift settles at the end); had it
 * checked everything it had, it waits for ever on the check list the restart replaced. So a round
 * never stands for a newer restart: the newest gets a round of its own, and whichever round ends with
 * a pair counts as reconnected.
 */
import type { RTCIceTransport, RTCPeerConnection } from 'werift';

/**
 * The restart each transport's latest round of checks is for. A failed round stays recorded: werift
 * holds a later round for the same credentials until the failed one completes, which it never does;
 * the member restarts again when its own ICE fails, and that restart gets a round.
 */
const rounds = new WeakMap<RTCIceTransport, number>();
/** The restarts of each transport already connected again (werift counts them on the transport). */
const resumed = new WeakMap<RTCIceTransport, number>();

/**
 * Starts ICE again on every transport of `pc` a restart left without a pair. Called once both
 * descriptions of a negotiation are applied, and again with each remote candidate: a member trickles
 * its new candidates after its offer or answer, and a round starts only once there is one to check.
 * `reconnected` runs once per restart, when such a transport has a pair again.
 */
export function resumeRestartedIce(pc: RTCPeerConnection, reconnected: () => void): void {
  if (pc.signalingState !== 'stable') return;
  for (const dtls of pc.dtlsTransports) {
    const ice = dtls.iceTransport;
    const restarts = ice.iceRestarts;
    // Only after a restart: a transport that merely has no nominated pair of its own (the controlled
    // end) must not be checked again.
    if (restarts <= (resumed.get(ice) ?? 0) || dtls.state !== 'connected') continue;
    if (ice.connection.nominated || rounds.get(ice) === restarts) continue;
    if (!ice.connection.remoteUsername || ice.connection.remoteCandidates.length === 0) continue;
    rounds.set(ice, restarts);
    // Settled or not, the pair decides: a round overtaken by a newer restart may reject after it found
    // the newer restart's pair.
    const ended = () => {
      if (ice.connection.nominated && ice.iceRestarts > (resumed.get(ice) ?? 0)) {
        resumed.set(ice, ice.iceRestarts);
        reconnected();
      } else if (ice.iceRestarts > restarts) {
        resumeRestartedIce(pc, reconnected);
      }
    };
    ice.start().then(ended, ended);
  }
}
