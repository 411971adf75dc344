/**
 * What the room shows of one person: their link's state and security code, and their camera and
 * screen, matched by the stream ids they announce, from their link or from the forwarding unit.
 */
import type { PeerInfo } from '../../../common/signaling/room';
import type { IceProblem } from './ice-diagnosis';
import type { LinkState, PeerLink } from './peer-link';
import { flowingKinds } from './unit-streams';

export interface PeerView {
  id: string;
  name: string;
  state: LinkState;
  cameraStream: MediaStream | null;
  screenStream: MediaStream | null;
  micMuted: boolean;
  cameraOff: boolean;
  /** The person raised their hand (their media state says so, like being muted). */
  handRaised: boolean;
  /** Security code to compare aloud with this peer; null until the connection is up. */
  sas: string | null;
  /** Why the link does not connect, when it has not for a while (ice-diagnosis.ts); else null. */
  problem: IceProblem | null;
  /** The link itself, for the stats panel and screen tuning; the UI only reads from it. */
  link: PeerLink;
}

/** Where a forwarded room's media comes from: a person's stream by the id they announced. */
export interface ForwardedMedia {
  stream(owner: string, streamId: string): MediaStream | null;
}

/**
 * Matches remote streams to their role using the ids the peer announced in its media state. In a
 * forwarded room the unit's stream wins once it flows (or when the link has none): make before break.
 */
export function viewOf(
  info: PeerInfo,
  link: PeerLink,
  state: LinkState = link.state,
  forwarded: ForwardedMedia | null = null,
): PeerView {
  const media = link.remoteMedia;
  const streams = link.remoteStreams;
  const find = (id: string): MediaStream | null => {
    const direct = streams.get(id) ?? null;
    const unit = forwarded?.stream(info.id, id) ?? null;
    return unit && flowsAsWell(unit, direct, media?.micMuted ?? false) ? unit : direct;
  };
  const screenStream = media?.screenStreamId ? find(media.screenStreamId) : null;
  let cameraStream: MediaStream | null = null;
  if (media?.cameraStreamId) cameraStream = find(media.cameraStreamId);
  else if (!media) cameraStream = streams.values().next().value ?? null;
  return {
    id: info.id,
    name: info.name,
    state,
    cameraStream,
    screenStream: screenStream && screenStream.getVideoTracks().length > 0 ? screenStream : null,
    micMuted: media?.micMuted ?? false,
    cameraOff: media?.cameraOff ?? false,
    handRaised: media?.handRaised ?? false,
    sas: link.sas,
    problem: state === 'connected' ? null : link.ice.problem,
    link,
  };
}

/**
 * Whether the unit's stream can replace the link's: it flows in every kind the link's stream flows in
 * (sound alone arriving first would otherwise cut a moving picture until the unit's video comes). A
 * muted microphone's silence flows over the link but never through the unit, so it is not waited for.
 */
function flowsAsWell(unit: MediaStream, direct: MediaStream | null, micMuted: boolean): boolean {
  const needed = flowingKinds(direct);
  if (micMuted) needed.delete('audio');
  const has = flowingKinds(unit);
  if (needed.size === 0) return true;
  return [...needed].every((kind) => has.has(kind));
}

/**
 * Whether every stream a peer announced reaches us through the unit, flowing in every kind its link's
 * stream flows in: the peer may stop sending over the link. A peer that announces none, or only a muted
 * microphone with its camera off (never sent to the unit): nothing to wait for.
 */
export function receivesThroughUnit(info: PeerInfo, link: PeerLink, forwarded: ForwardedMedia): boolean {
  const media = link.remoteMedia;
  if (!media) return false;
  return [media.cameraStreamId, media.screenStreamId].every((id) => {
    if (id === null) return true;
    // A muted microphone with the camera off: nothing of that stream goes through the unit.
    if (id === media.cameraStreamId && media.micMuted && media.cameraOff) return true;
    const unit = forwarded.stream(info.id, id);
    return (
      unit !== null &&
      flowingKinds(unit).size > 0 &&
      flowsAsWell(unit, link.remoteStreams.get(id) ?? null, media.micMuted)
    );
  });
}
