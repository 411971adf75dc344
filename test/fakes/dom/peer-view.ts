/**
 * A person as the room view renders them (rtc/peer-view.ts PeerView), for component tests that set
 * `room.peers` directly: connected, muted nothing, no streams, no code, unless `more` says otherwise.
 */
import type { PeerView } from '../../../renderer/src/rtc/mesh';

/** A link whose statistics are empty: enough for the tiles, the details panel and screen tuning. */
export function quietLink(): PeerView['link'] {
  return {
    pc: { getStats: async () => new Map() },
    screenVideoSender: () => null,
    setScreenCodec: () => {},
    setScreenMode: () => {},
    iceRestarts: 0,
  } as unknown as PeerView['link'];
}

export function peerView(id: string, name: string, more: Partial<PeerView> = {}): PeerView {
  return {
    id,
    name,
    state: 'connected',
    cameraStream: null,
    screenStream: null,
    micMuted: false,
    cameraOff: false,
    handRaised: false,
    sas: null,
    problem: null,
    link: quietLink(),
    ...more,
  };
}
