/**
 * Who is on the other end of each link, as its hello proved or claimed. Peer ids change when someone's
 * connection to the server drops and comes back; identities do not, which is what makes chat delivery
 * exactly-once and transfers resumable across reconnects. Everything meant for someone (receipts, file
 * offers, resumes) is keyed by the identity key, never by a name.
 *
 * - A signed hello that checks makes the link **keyed**: its identity is the device (derived from the
 *   key) and the client id, so nobody without that device's private key can take it over. A newer
 *   link proving the same identity replaces the older one (a reconnect whose hello beats the old
 *   link's removal).
 * - A hello without proof makes an unverified **guest**: its identity space is apart from keyed
 *   ones, so a guest never receives what was meant for a keyed identity. A guest claim on an identity
 *   another live link holds is refused (the link stays a duplicate).
 * - A proof that does not check (forged, replayed from another link, or relayed through a server that
 *   terminates DTLS) makes the link **refused**: it receives nothing and what it sends is dropped.
 *
 * A link may also be **held**: its identity is known but nothing of ours is sent to it until the
 * user decides (a verified contact whose key changed, a security code that did not match).
 */

export type PeerTrust =
  /** No hello yet. */
  | { kind: 'pending' }
  | { kind: 'guest'; clientId: string }
  | { kind: 'keyed'; clientId: string; deviceId: string; publicKey: string }
  | { kind: 'refused'; reason: RefusalReason };

/**
 * `forged`: the proof does not check for this link. `duplicate`: a guest claimed an identity another
 * live link (or we) hold. `superseded`: a newer link proved this link's identity.
 */
export type RefusalReason = 'forged' | 'duplicate' | 'superseded';

/** What a hello amounts to once its proof is checked. */
export type HelloClaim =
  | { kind: 'guest'; clientId: string }
  | { kind: 'keyed'; clientId: string; deviceId: string; publicKey: string }
  | { kind: 'forged' };

const PENDING: PeerTrust = { kind: 'pending' };
const GUEST_PREFIX = 'guest/';

/**
 * What an identity key says of the identity it names, for what outlives a link (a chat author, a
 * transfer's recipient): a guest, or a device (its key is not in the key, so `publicKey` is empty);
 * pending for a link's provisional `peer:<id>` key.
 */
export function trustOfKey(key: string): PeerTrust {
  if (key.startsWith(GUEST_PREFIX)) return { kind: 'guest', clientId: key.slice(GUEST_PREFIX.length) };
  const slash = key.indexOf('/');
  if (key.startsWith('peer:') || slash < 1) return PENDING;
  return { kind: 'keyed', deviceId: key.slice(0, slash), clientId: key.slice(slash + 1), publicKey: '' };
}

/** The identity key of a trusted link; keyed and guest identities never collide. */
export function identityKey(trust: PeerTrust): string | null {
  if (trust.kind === 'keyed') return `${trust.deviceId}/${trust.clientId}`;
  if (trust.kind === 'guest') return `${GUEST_PREFIX}${trust.clientId}`;
  return null;
}

export class PeerIdentities {
  private readonly trustByPeer = new Map<string, PeerTrust>();
  private readonly peerByKey = new Map<string, string>();
  private readonly held = new Set<string>();

  /** Ours: no guest may claim our client id, no link our own device and client id. */
  constructor(private readonly self: { clientId?: string; deviceId?: () => string | null } = {}) {}

  /**
   * Records a hello. Returns the identity key when the link is (still) bound to the claimed identity,
   * null when refused. A link's first accepted hello fixes its identity; a later different one is
   * refused without changing it. `superseded` lists a link this one replaced.
   */
  learn(peerId: string, claim: HelloClaim): { key: string | null; superseded?: string } {
    const current = this.trustOf(peerId);
    if (current.kind === 'refused') return { key: null };
    if (current.kind !== 'pending') {
      const key = identityKey(current);
      return { key: claim.kind !== 'forged' && identityKey(claim) === key ? key : null };
    }
    if (claim.kind === 'forged') {
      this.trustByPeer.set(peerId, { kind: 'refused', reason: 'forged' });
      return { key: null };
    }
    const key = identityKey(claim) as string;
    if (this.isSelf(claim)) {
      this.trustByPeer.set(peerId, { kind: 'refused', reason: 'duplicate' });
      return { key: null };
    }
    const holder = this.peerByKey.get(key);
    let superseded: string | undefined;
    if (holder !== undefined && holder !== peerId) {
      if (claim.kind === 'guest') {
        this.trustByPeer.set(peerId, { kind: 'refused', reason: 'duplicate' });
        return { key: null };
      }
      // The newer link proved the identity: the older one is a stale connection of the same device.
      this.trustByPeer.set(holder, { kind: 'refused', reason: 'superseded' });
      this.held.delete(holder);
      superseded = holder;
    }
    this.trustByPeer.set(peerId, claim);
    this.peerByKey.set(key, peerId);
    return { key, superseded };
  }

  /** The link is gone: its identity may be claimed by the next link that says hello with it. */
  forgetPeer(peerId: string): void {
    const key = identityKey(this.trustOf(peerId));
    this.trustByPeer.delete(peerId);
    this.held.delete(peerId);
    if (key && this.peerByKey.get(key) === peerId) this.peerByKey.delete(key);
  }

  /** Every link is gone at once (the mesh was rebuilt): each identity is bound again by its next hello. */
  forgetLinks(): void {
    this.trustByPeer.clear();
    this.peerByKey.clear();
    this.held.clear();
  }

  trustOf(peerId: string): PeerTrust {
    return this.trustByPeer.get(peerId) ?? PENDING;
  }

  /** Nothing of ours goes to a held link until it is released. */
  hold(peerId: string): void {
    this.held.add(peerId);
  }

  /** True when the link was held. */
  release(peerId: string): boolean {
    return this.held.delete(peerId);
  }

  isHeld(peerId: string): boolean {
    return this.held.has(peerId);
  }

  /** True for a link whose hello was refused: it gets nothing and what it sends is dropped. */
  isRefused(peerId: string): boolean {
    return this.trustOf(peerId).kind === 'refused';
  }

  /** True when our chat and files may go to this link: its identity is known, and it is not held. */
  mayReceive(peerId: string): boolean {
    const kind = this.trustOf(peerId).kind;
    return (kind === 'keyed' || kind === 'guest') && !this.held.has(peerId);
  }

  /** The live peer id of an identity key, or undefined while it is away. */
  peerOf(key: string): string | undefined {
    return this.peerByKey.get(key);
  }

  /** Key for a recipient: its identity key once bound, else a key from the peer id alone. */
  keyOf(peerId: string): string {
    return identityKey(this.trustOf(peerId)) ?? `peer:${peerId}`;
  }

  private isSelf(claim: Exclude<HelloClaim, { kind: 'forged' }>): boolean {
    if (claim.clientId !== this.self.clientId) return false;
    return claim.kind === 'guest' || claim.deviceId === this.self.deviceId?.();
  }
}
