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
 *
 * A hello is a claim, not a proof: a client id already bound to another live link (or our own id) is
 * refused, and that link stays a duplicate for its lifetime, keyed by its peer id only, so it never
 * receives, accepts or resumes what was meant for the identity it claimed. A link's first accepted
 * hello fixes its identity; later hellos on it cannot change it.
 */
export class PeerIdentities {
  private readonly clientByPeer = new Map<string, string>();
  private readonly peerByClient = new Map<string, string>();
  private readonly duplicates = new Set<string>();

  /** `selfClientId` is ours: no peer may claim it. */
  constructor(private readonly selfClientId?: string) {}

  /** Records a `hello`; true when this link is (still) bound to `clientId`, false when refused. */
  learn(peerId: string, clientId: string): boolean {
    if (this.duplicates.has(peerId)) return false;
    const bound = this.clientByPeer.get(peerId);
    if (bound !== undefined) return bound === clientId;
    const holder = this.peerByClient.get(clientId);
    if ((holder !== undefined && holder !== peerId) || clientId === this.selfClientId) {
      this.duplicates.add(peerId);
      return false;
    }
    this.clientByPeer.set(peerId, clientId);
    this.peerByClient.set(clientId, peerId);
    return true;
  }

  /** The link is gone: its client id may be claimed by the next link that says hello with it. */
  forgetPeer(peerId: string): void {
    const clientId = this.clientByPeer.get(peerId);
    this.clientByPeer.delete(peerId);
    this.duplicates.delete(peerId);
    if (clientId && this.peerByClient.get(clientId) === peerId) this.peerByClient.delete(clientId);
  }

  /** Every link is gone at once (the mesh was rebuilt): each identity is bound again by its next hello. */
  forgetLinks(): void {
    this.clientByPeer.clear();
    this.peerByClient.clear();
    this.duplicates.clear();
  }

  /** True for a link whose hello claimed an identity held by another live link (or ours). */
  isDuplicate(peerId: string): boolean {
    return this.duplicates.has(peerId);
  }

  clientOf(peerId: string): string | undefined {
    return this.clientByPeer.get(peerId);
  }

  /** The live peer id of a client, or undefined while it is away. */
  peerOf(clientId: string): string | undefined {
    return this.peerByClient.get(clientId);
  }

  /** Key for a recipient: its client id once bound, else a key from the peer id alone. */
  keyOf(peerId: string): string {
    return this.clientByPeer.get(peerId) ?? `peer:${peerId}`;
  }
}
