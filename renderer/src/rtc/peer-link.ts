/**
 * One RTCPeerConnection to one remote peer: its tracks, channels, state, ICE restarts and security
 * code. Negotiation is link-negotiation.ts; a link whose negotiation breaks says so (`broken`) and the
 * mesh replaces it with a fresh one.
 */
import type { MediaState, SignalData } from '../../../common/signaling/signal';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import { hasTurnServer, IceWatch } from './ice-diagnosis';
import { LinkChannels } from './link-channels';
import { Negotiator, type NegotiationBreak } from './link-negotiation';
import type { LocalTracks } from './local-tracks';
import { LinkSenders } from './link-senders';
import type { ScreenCodec, ScreenMode } from './quality';
import { shortAuthString } from './sas';

const log = createLogger('rtc:peer');

/** How long a link created for a newcomer waits for its first offer before offering itself. */
export const AWAIT_OFFER_MS = 4_000;
/**
 * A connection that stays disconnected this long gets an ICE restart without waiting for 'failed'
 * (which Chromium reaches only after tens of seconds): a Wi-Fi hiccup or a changed address heals fast.
 */
export const RESTART_AFTER_DISCONNECT_MS = 4_000;

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface PeerLinkEvents {
  state: LinkState;
  /** The set of remote streams or the remote media state changed. */
  media: void;
  /** The short authentication string became known. */
  sas: string;
  /** Negotiation cannot go on on this connection; the link is to be replaced (see Negotiator). */
  broken: NegotiationBreak;
}

export interface PeerLinkOptions {
  peerId: string;
  polite: boolean;
  rtcConfig: RTCConfiguration;
  send: (data: SignalData) => void;
  /**
   * True for a link to a peer that just joined: that peer offers first. Our tracks are held back until
   * its offer arrives and then ride on our answer, so the two ends never start with colliding offers.
   * (A collision at the very start makes the polite end roll back during ICE gathering, after which
   * Chromium may gather no candidates at all and the call never connects.)
   */
  awaitOffer?: boolean;
  /** Seam for unit tests; defaults to the browser's RTCPeerConnection. */
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

export class PeerLink extends Emitter<PeerLinkEvents> {
  readonly peerId: string;
  readonly pc: RTCPeerConnection;
  /** Remote MediaStreams by id (the msid the sender chose). */
  readonly remoteStreams = new Map<string, MediaStream>();
  remoteMedia: MediaState | null = null;
  state: LinkState = 'connecting';
  /** Chat and file-transfer channels of this connection. */
  readonly channels: LinkChannels;
  /** Security code to compare aloud with the peer (see sas.ts); null until DTLS is up. */
  sas: string | null = null;
  /** Candidates seen both ways, and why the link does not connect when it does not (ice-diagnosis.ts). */
  readonly ice: IceWatch;
  /** ICE restarts so far, for the stats panel. */
  iceRestarts = 0;

  private readonly send: (data: SignalData) => void;
  private readonly negotiator: Negotiator;
  private readonly senders: LinkSenders;
  private closed = false;
  /** Local tracks waiting for the remote peer's first offer (see PeerLinkOptions.awaitOffer). */
  private heldTracks: LocalTracks | null = null;
  private awaitingOffer: boolean;
  private awaitTimer: ReturnType<typeof setTimeout> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: PeerLinkOptions) {
    super();
    this.peerId = options.peerId;
    this.send = options.send;
    this.awaitingOffer = options.awaitOffer ?? false;
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create(options.rtcConfig);
    this.ice = new IceWatch(hasTurnServer(options.rtcConfig.iceServers), () =>
      this.emit('state', this.state),
    );
    this.ice.arm();
    this.channels = new LinkChannels(this.pc);
    this.senders = new LinkSenders(this.pc);
    this.negotiator = new Negotiator({
      pc: this.pc,
      peerId: this.peerId,
      polite: options.polite,
      send: this.send,
      beforeAnswer: () => {
        if (this.awaitingOffer) this.stopAwaitingOffer();
      },
      onMedia: (state) => {
        this.remoteMedia = state;
        this.emit('media', undefined);
      },
      onRemoteCandidate: (line) => this.ice.sawRemote(line),
      onBroken: (event) => this.emit('broken', event),
    });
    this.pc.onnegotiationneeded = () => void this.negotiator.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      // Trickle every candidate; end-of-candidates needs no message for Chromium or Firefox.
      log.debug(`${this.peerId} ← candidate ${candidate?.candidate ?? '(end)'}`);
      if (candidate?.candidate) {
        this.ice.sawLocal(candidate.candidate);
        this.send({
          kind: 'candidate',
          candidate: { ...candidate.toJSON(), candidate: candidate.candidate },
        });
      }
    };
    this.pc.ontrack = (event) => this.onTrack(event);
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.pc.onicegatheringstatechange = () =>
      log.debug(`${this.peerId} gathering ${this.pc.iceGatheringState}`);
    this.pc.onsignalingstatechange = () => log.debug(`${this.peerId} signaling ${this.pc.signalingState}`);
    this.pc.oniceconnectionstatechange = () => this.onIceState();
    if (this.awaitingOffer) {
      // If the newcomer never offers, offer ourselves after a while.
      this.awaitTimer = setTimeout(() => this.stopAwaitingOffer(), AWAIT_OFFER_MS);
    } else {
      // The control channel puts an SCTP section in our first offer, so peers connect even with no media.
      this.channels.openControl();
    }
  }

  /** Queues a signal from the remote peer; signals are applied one at a time, in arrival order. */
  handleSignal(data: SignalData): Promise<void> {
    return this.negotiator.handle(data);
  }

  /**
   * Brings the outgoing tracks in line with local media. Camera and microphone switch with
   * replaceTrack (no renegotiation); a screen share adds or removes its own senders.
   */
  setLocalTracks(local: LocalTracks): void {
    if (this.closed) return;
    if (this.awaitingOffer) {
      this.heldTracks = local;
      return;
    }
    this.senders.sync(local);
  }

  /** Tunes our screen share for text or motion (sender parameters only, no renegotiation). */
  setScreenMode(mode: ScreenMode): void {
    if (!this.closed) this.senders.setScreenMode(mode);
  }

  /** Sends our screen with another codec from now on (renegotiates while sharing). */
  setScreenCodec(codec: ScreenCodec): void {
    if (!this.closed) this.senders.setScreenCodec(codec);
  }

  /** The sender of our shared screen's video, for diagnostics. */
  screenVideoSender(): RTCRtpSender | null {
    return this.senders.screenVideo();
  }

  /** Tells the remote peer what our streams are and whether we are muted. */
  sendMediaState(state: MediaState): void {
    if (!this.closed) this.send({ kind: 'media', state });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.negotiator.stop();
    clearTimeout(this.awaitTimer);
    clearTimeout(this.restartTimer);
    this.ice.dispose();
    this.channels.close();
    this.pc.close();
    this.setState('closed');
    this.clearListeners();
  }

  private stopAwaitingOffer(): void {
    clearTimeout(this.awaitTimer);
    this.awaitingOffer = false;
    this.channels.openControl();
    const held = this.heldTracks;
    this.heldTracks = null;
    if (held) this.setLocalTracks(held);
  }

  private onTrack(event: RTCTrackEvent): void {
    const stream = event.streams[0] ?? new MediaStream([event.track]);
    if (!this.remoteStreams.has(stream.id)) {
      this.remoteStreams.set(stream.id, stream);
      stream.addEventListener('removetrack', () => {
        if (stream.getTracks().length === 0) this.remoteStreams.delete(stream.id);
        this.emit('media', undefined);
      });
    }
    event.track.addEventListener('unmute', () => this.emit('media', undefined));
    this.emit('media', undefined);
  }

  private onConnectionState(): void {
    log.debug(`${this.peerId} connection ${this.pc.connectionState}`);
    switch (this.pc.connectionState) {
      case 'connected':
        this.ice.connected();
        this.setState('connected');
        this.computeSas();
        break;
      case 'disconnected':
        this.ice.arm();
        this.setState('reconnecting');
        break;
      case 'failed':
        this.ice.diagnose();
        this.setState('failed');
        break;
      case 'closed':
        this.setState('closed');
        break;
      default:
        if (this.state !== 'connected') this.setState('connecting');
    }
  }

  /**
   * A failed ICE agent can often recover with fresh candidates, and so can one that stays disconnected:
   * restartIce() renegotiates by itself (negotiationneeded, with new ICE credentials).
   */
  private onIceState(): void {
    const state = this.pc.iceConnectionState;
    log.debug(`${this.peerId} ice ${state}`);
    clearTimeout(this.restartTimer);
    if (this.closed) return;
    if (state === 'failed') this.restartIce('failed');
    else if (state === 'disconnected') {
      this.restartTimer = setTimeout(() => this.restartIce('disconnected'), RESTART_AFTER_DISCONNECT_MS);
    }
  }

  private restartIce(why: string): void {
    if (this.closed) return;
    log.info(`ICE ${why} with ${this.peerId}, restarting ICE`);
    this.iceRestarts += 1;
    this.ice.arm();
    this.pc.restartIce();
  }

  /** Both descriptions now carry the fingerprints DTLS actually verified. */
  private computeSas(): void {
    const local = this.pc.localDescription?.sdp;
    const remote = this.pc.remoteDescription?.sdp;
    if (!local || !remote) return;
    const sas = shortAuthString(local, remote);
    if (sas === null || sas === this.sas || this.closed) return;
    this.sas = sas;
    this.emit('sas', sas);
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }
}
