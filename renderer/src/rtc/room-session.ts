/**
 * What lives as long as our presence in a room, across mesh rebuilds: who is who (identities proven
 * by signed hellos), the chat and the file transfers. Each new Mesh is attached; its channels feed the
 * engines, and nothing of ours (chat, file offers, file bytes) goes to a link whose identity is not
 * settled, was refused, or is held.
 */
import { CONTROL_RATE, isAnnotationMessage, type ControlMessage } from '../../../common/peer-protocol';
import type { Reaction } from '../../../common/reactions';
import { AnnotationEngine, type AnnotationOptions } from './annotations';
import { ChatEngine } from './chat';
import { Emitter } from './emitter';
import {
  checkHello,
  linkFingerprints,
  proveHello,
  settledLinkFingerprints,
  type HelloSigner,
} from './hello-proof';
import { PeerIdentities, type HelloClaim, type PeerTrust } from './identities';
import { DEFAULT_MAX_MESSAGE_SIZE } from './link-channels';
import type { Mesh } from './mesh';
import type { PeerPort } from './peer-port';
import { RateBuckets } from './rate-buckets';
import { ReactionGuard } from './reaction-guard';
import { TransferEngine, type TransferOptions } from './transfers/engine';
import { createLogger } from '../log';

const log = createLogger('rtc:identity');

/** Messages that carry something of ours to the peer: never sent before its identity is settled. */
const CONTENT: ReadonlySet<ControlMessage['t']> = new Set(['chat', 'file-offer', 'reaction']);

export interface RoomSessionOptions {
  clientId: string;
  selfName: () => string;
  /** `room:<name>` or `call:<id>`: what our hellos are bound to and what we check theirs against. */
  place: () => string | null;
  /** Our device key (null for an unverified guest); awaited before the first hello. */
  signer?: () => Promise<HelloSigner | null>;
  /** Our device id, so a link presenting our own identity is refused. */
  selfDeviceId?: () => string | null;
  /**
   * Decides, when a link's identity settles, whether to hold it (nothing of ours is sent until
   * {@link RoomSession.release}); e.g. a verified contact whose key changed. Default: never hold.
   */
  shouldHold?: (peerId: string, trust: PeerTrust) => boolean;
  peers: PeerPort['peers'];
  /** The clock reactions are rated by; tests step it. */
  now?: () => number;
  maxReceiveBytes: TransferOptions['maxReceiveBytes'];
  openSink: TransferOptions['openSink'];
  /** Our peer id and who shares which stream, for pointing and drawing (rtc/annotations.ts). */
  annotations?: Pick<AnnotationOptions, 'selfId' | 'ownerOf'>;
}

export interface RoomSessionEvents {
  /** A link's identity settled or changed (hello checked, held, released, refused). */
  trust: { peerId: string; trust: PeerTrust; held: boolean };
  /** A reaction from a link whose identity settled, within its rate (reaction-guard.ts). */
  reaction: { peerId: string; emoji: Reaction };
}

export class RoomSession extends Emitter<RoomSessionEvents> {
  readonly identities: PeerIdentities;
  readonly chat: ChatEngine;
  readonly transfers: TransferEngine;
  private readonly reactions: ReactionGuard;
  /** Chat and file offers per sender (CONTROL_RATE): a flood is dropped before it reaches the engines. */
  private readonly rates: RateBuckets;
  private readonly flooding = new Set<string>();
  private readonly port: PeerPort;
  readonly annotations: AnnotationEngine;
  private mesh: Mesh | null = null;
  private detach: (() => void)[] = [];
  /** Messages of a link whose signed hello waits for our side to apply its answer, in order. */
  private readonly awaitingAnswer = new Map<
    string,
    { link: ReturnType<Mesh['link']>; queue: ControlMessage[] }
  >();

  constructor(private readonly options: RoomSessionOptions) {
    super();
    this.identities = new PeerIdentities({ clientId: options.clientId, deviceId: options.selfDeviceId });
    const port: PeerPort = {
      send: (peerId, message) =>
        this.maySend(peerId, message) && (this.mesh?.sendControl(peerId, message) ?? false),
      peers: () => options.peers().filter((peer) => !this.identities.isRefused(peer.id)),
      openFileChannel: (peerId, id) =>
        this.identities.mayReceive(peerId)
          ? (this.mesh?.link(peerId)?.channels.openFileChannel(id) ?? null)
          : null,
      maxMessageSize: (peerId) =>
        this.mesh?.link(peerId)?.channels.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    };
    this.port = port;
    this.reactions = new ReactionGuard(options.now);
    this.rates = new RateBuckets(options.now ?? (() => performance.now()));
    this.chat = new ChatEngine({ port, identities: this.identities, selfName: options.selfName });
    this.transfers = new TransferEngine({
      port,
      identities: this.identities,
      maxReceiveBytes: options.maxReceiveBytes,
      openSink: options.openSink,
    });
    this.annotations = new AnnotationEngine({
      port,
      selfId: options.annotations?.selfId ?? (() => null),
      ownerOf: options.annotations?.ownerOf ?? (() => null),
    });
  }

  /** Feeds a (new) mesh's channel events to chat and transfers; the old mesh's links are gone. */
  attach(mesh: Mesh): void {
    this.detach.forEach((off) => off());
    this.identities.forgetLinks();
    this.awaitingAnswer.clear();
    this.mesh = mesh;
    this.detach = [
      mesh.on('control-open', ({ peerId }) => void this.sayHello(mesh, peerId)),
      mesh.on('message', ({ peerId, message }) => this.route(peerId, message)),
      mesh.on('file-channel', ({ peerId, transferId, channel }) => {
        if (this.identities.isRefused(peerId)) channel.close();
        else this.transfers.attachChannel(peerId, transferId, channel);
      }),
      mesh.on('peer-removed', ({ peerId }) => {
        this.transfers.peerRemoved(peerId);
        this.reactions.forget(peerId);
        this.rates.forget(`${peerId}\n`);
        this.flooding.delete(peerId);
        this.annotations.peerRemoved(peerId);
        this.identities.forgetPeer(peerId);
        this.awaitingAnswer.delete(peerId);
      }),
    ];
  }

  /** Sends a reaction to everyone whose link may receive what is ours. */
  react(emoji: Reaction): void {
    for (const peer of this.port.peers()) this.port.send(peer.id, { t: 'reaction', emoji });
  }

  /** Stops sending anything of ours to a link (a security code that did not match). */
  hold(peerId: string): void {
    this.identities.hold(peerId);
    this.announce(peerId);
  }

  /** Lets a held link receive again (the user verified it or chose to go on); what waited goes out. */
  release(peerId: string): void {
    if (!this.identities.release(peerId)) return;
    this.announce(peerId);
    this.identified(peerId);
  }

  trustOf(peerId: string): { trust: PeerTrust; held: boolean } {
    return { trust: this.identities.trustOf(peerId), held: this.identities.isHeld(peerId) };
  }

  dispose(): void {
    this.detach.forEach((off) => off());
    this.detach = [];
    this.mesh = null;
    this.transfers.dispose();
    this.annotations.dispose();
    this.clearListeners();
  }

  /** Our hello on a link whose control channel just opened, signed over that link when we have a key. */
  private async sayHello(mesh: Mesh, peerId: string): Promise<void> {
    const link = mesh.link(peerId);
    const hello: ControlMessage = {
      t: 'hello',
      clientId: this.options.clientId,
      name: this.options.selfName(),
    };
    const signer = await this.options.signer?.();
    const place = this.options.place();
    const fingerprints = link && signer && place ? await settledLinkFingerprints(link.pc) : null;
    if (signer && place && fingerprints) {
      try {
        hello.proof = await proveHello(signer, place, this.options.clientId, fingerprints);
      } catch (error) {
        log.warn('could not sign our hello; the peer will see an unverified guest', error);
      }
    }
    // The link may have been replaced while we signed: its successor says its own hello.
    if (this.mesh === mesh && mesh.link(peerId) === link) mesh.sendControl(peerId, hello);
  }

  private route(peerId: string, message: ControlMessage): void {
    const link = this.mesh?.link(peerId);
    const waiting = this.awaitingAnswer.get(peerId);
    if (waiting && waiting.link === link) {
      waiting.queue.push(message);
      return;
    }
    // A link replaced while its answer was pending: what it had queued goes with it.
    this.awaitingAnswer.delete(peerId);
    if (message.t === 'hello' && message.proof && link && !linkFingerprints(link.pc)) {
      // The peer's hello overtook our applying of its answer: checked once applied, with what follows.
      const entry = { link, queue: [message] };
      this.awaitingAnswer.set(peerId, entry);
      void settledLinkFingerprints(link.pc).then(() => {
        if (this.awaitingAnswer.get(peerId) !== entry) return;
        this.awaitingAnswer.delete(peerId);
        if (this.mesh?.link(peerId) === link) entry.queue.forEach((queued) => this.handle(peerId, queued));
      });
      return;
    }
    this.handle(peerId, message);
  }

  private handle(peerId: string, message: ControlMessage): void {
    if (message.t === 'hello') {
      this.learn(peerId, message);
      return;
    }
    const trust = this.identities.trustOf(peerId).kind;
    if (trust === 'refused' || trust === 'pending') {
      log.warn(`dropped a "${message.t}" from a link without an accepted hello`, peerId);
      return;
    }
    if (!this.withinRate(peerId, message)) {
      // Said once per flood, not once per dropped message.
      if (!this.flooding.has(peerId)) log.warn(`dropping "${message.t}" messages beyond their rate`, peerId);
      this.flooding.add(peerId);
      return;
    }
    this.flooding.delete(peerId);
    if (message.t === 'reaction') {
      if (this.reactions.accept(peerId)) this.emit('reaction', { peerId, emoji: message.emoji });
    } else if (message.t === 'chat' || message.t === 'chat-ack') this.chat.handle(peerId, message);
    else if (isAnnotationMessage(message)) this.annotations.handle(peerId, message);
    else this.transfers.handle(peerId, message);
  }

  /** Checks a hello's proof against this link and binds the link to the identity it proves or claims. */
  private learn(peerId: string, hello: Extract<ControlMessage, { t: 'hello' }>): void {
    const claim = this.claimOf(peerId, hello);
    const { key, superseded } = this.identities.learn(peerId, claim);
    if (superseded) this.announce(superseded);
    if (key === null) {
      log.warn(
        `refused a hello (${claim.kind === 'forged' ? 'proof does not check' : 'identity taken'})`,
        peerId,
      );
      this.announce(peerId);
      return;
    }
    const trust = this.identities.trustOf(peerId);
    if (!this.identities.isHeld(peerId) && this.options.shouldHold?.(peerId, trust)) {
      this.identities.hold(peerId);
    }
    this.announce(peerId);
    this.identified(peerId);
  }

  private claimOf(peerId: string, hello: Extract<ControlMessage, { t: 'hello' }>): HelloClaim {
    if (!hello.proof) return { kind: 'guest', clientId: hello.clientId };
    const link = this.mesh?.link(peerId);
    const fingerprints = link && linkFingerprints(link.pc);
    const place = this.options.place();
    const proven =
      fingerprints && place
        ? checkHello(hello.proof, { place, clientId: hello.clientId }, fingerprints)
        : null;
    return proven ? { kind: 'keyed', clientId: hello.clientId, ...proven } : { kind: 'forged' };
  }

  /** The link's identity key is known and it may receive: what waited for it goes out. */
  private identified(peerId: string): void {
    if (!this.identities.mayReceive(peerId)) return;
    const key = this.identities.keyOf(peerId);
    this.chat.peerIdentified(peerId, key);
    this.transfers.peerIdentified(peerId, key);
    this.annotations.peerIdentified(peerId);
  }

  private withinRate(peerId: string, message: ControlMessage): boolean {
    if (message.t === 'chat') return this.rates.admit(`${peerId}\nchat`, CONTROL_RATE.chat);
    if (message.t === 'file-offer') return this.rates.admit(`${peerId}\nfile-offer`, CONTROL_RATE.fileOffer);
    return true;
  }

  private maySend(peerId: string, message: ControlMessage): boolean {
    // Where we point and what we draw is ours too.
    if (CONTENT.has(message.t) || isAnnotationMessage(message)) return this.identities.mayReceive(peerId);
    const kind = this.identities.trustOf(peerId).kind;
    return kind === 'keyed' || kind === 'guest';
  }

  private announce(peerId: string): void {
    this.emit('trust', { peerId, ...this.trustOf(peerId) });
  }
}
