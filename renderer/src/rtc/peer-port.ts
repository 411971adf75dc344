/**
 * What chat and transfers need from the mesh: send a control message to a peer, know who is in the
 * room, open a file channel. A narrow port so both engines are unit-tested without WebRTC.
 */
import type { ControlMessage } from '../../../common/peer-protocol';

export interface PeerPort {
  /** False when the peer's control channel is not open; the caller keeps the message queued. */
  send(peerId: string, message: ControlMessage): boolean;
  /** Peers currently in the room, by id, with their display names. */
  peers(): { id: string; name: string }[];
  openFileChannel(peerId: string, transferId: string): RTCDataChannel | null;
  maxMessageSize(peerId: string): number;
}
