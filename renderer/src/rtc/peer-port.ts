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

/**
 * Remembers which stable client id sits behind which peer id. Peer ids change when someone's
 * connection to the server drops and comes back; client ids do not, which is what makes delivery
 * exactly-once and transfers resumable across reconnects.
 */
export class PeerIdentities {
  private readonly clientByPeer = new Map<string, string>();
  private readonly peerByClient = new Map<string, string>();
  private readonly names = new Map<string, string>();

  /** Records a `hello`; returns the peer id the client used before, if it changed. */
  learn(peerId: string, clientId: string, name: string): void {
    const previous = this.peerByClient.get(clientId);
    if (previous && previous !== peerId) this.clientByPeer.delete(previous);
    this.clientByPeer.set(peerId, clientId);
    this.peerByClient.set(clientId, peerId);
    this.names.set(clientId, name);
  }

  forgetPeer(peerId: string): void {
    const clientId = this.clientByPeer.get(peerId);
    this.clientByPeer.delete(peerId);
    if (clientId && this.peerByClient.get(clientId) === peerId) this.peerByClient.delete(clientId);
  }

  clientOf(peerId: string): string | undefined {
    return this.clientByPeer.get(peerId);
  }

  /** The live peer id of a client, or undefined while it is away. */
  peerOf(clientId: string): string | undefined {
    return this.peerByClient.get(clientId);
  }

  nameOf(clientId: string): string | undefined {
    return this.names.get(clientId);
  }

  /** Key for a recipient: its client id once known, else a provisional key from the peer id. */
  keyOf(peerId: string): string {
    return this.clientByPeer.get(peerId) ?? `peer:${peerId}`;
  }
}
