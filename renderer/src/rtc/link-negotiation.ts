/**
 * The negotiation of one RTCPeerConnection with the perfect-negotiation pattern (W3C WebRTC §10.7):
 * both sides may offer at any time; on glare the polite peer rolls back and answers, the impolite peer
 * ignores the colliding offer. Signals are applied strictly in arrival order. A description step the
 * browser refuses leaves the connection unusable (Chromium: "Failed to start SCTP transport" after a
 * rollback), so instead of limping on, the negotiator reports the link broken, with the signals still
 * to apply, and the mesh recreates the link (mesh.ts).
 */
import type { MediaState, SignalData } from '../../../common/signaling/signal';
import { createLogger } from '../log';
import { fingerprintsOf } from './sas';
import { withStartBitrate } from './start-bitrate';

const log = createLogger('rtc:negotiation');

type CandidateInit = Extract<SignalData, { kind: 'candidate' }>['candidate'];

/**
 * - `failed`: the browser refused one of our description steps; the connection cannot go on.
 * - `peer-restarted`: an offer came with other DTLS fingerprints than the connection has: the peer
 *   started a new RTCPeerConnection (its own recovery, or a restarted client). One connection cannot
 *   change its DTLS association, so the answer belongs on a fresh one.
 */
export interface NegotiationBreak {
  reason: 'failed' | 'peer-restarted';
  /** Signals received and not applied (the offer that could not be answered first): the new link's. */
  carry: SignalData[];
}

export interface NegotiatorOptions {
  pc: RTCPeerConnection;
  peerId: string;
  polite: boolean;
  send: (data: SignalData) => void;
  /** An offer was applied and the answer is about to be made: tracks added now ride on it. */
  beforeAnswer: () => void;
  onMedia: (state: MediaState) => void;
  onRemoteCandidate: (line: string) => void;
  onBroken: (event: NegotiationBreak) => void;
}

export class Negotiator {
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private queue: Promise<void> = Promise.resolve();
  /** Received signals not applied yet, so that a break can hand them to the next link. */
  private inbox: SignalData[] = [];
  /** Candidates that came before any remote description: the browser would refuse them. */
  private early: NonNullable<CandidateInit>[] = [];
  private stopped = false;

  constructor(private readonly options: NegotiatorOptions) {}

  /** Queues a signal; the promise settles once it (and all before it) has been applied. */
  handle(data: SignalData): Promise<void> {
    if (this.stopped) return this.queue;
    this.inbox.push(data);
    this.queue = this.queue.then(() => this.next());
    return this.queue;
  }

  /** Answers `negotiationneeded` with an offer. */
  async offer(): Promise<void> {
    if (this.stopped) return;
    const { pc } = this.options;
    try {
      this.makingOffer = true;
      await pc.setLocalDescription();
      const description = pc.localDescription;
      if (description && !this.stopped) {
        log.debug(`${this.options.peerId} ← ${description.type} (polite: ${this.options.polite})`);
        this.options.send({
          kind: 'description',
          description: { type: description.type, sdp: description.sdp },
        });
      }
    } catch (error) {
      this.broke(error, 'could not make an offer', []);
    } finally {
      this.makingOffer = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.inbox = [];
    this.early = [];
  }

  private async next(): Promise<void> {
    const data = this.inbox.shift();
    if (!data || this.stopped) return;
    log.debug(
      `${this.options.peerId} → ${data.kind}${data.kind === 'description' ? ` ${data.description.type}` : ''}`,
    );
    if (data.kind === 'media') this.options.onMedia(data.state);
    else if (data.kind === 'candidate') await this.addCandidate(data.candidate);
    else await this.applyDescription(data);
  }

  private async addCandidate(candidate: CandidateInit): Promise<void> {
    if (!candidate) return;
    this.options.onRemoteCandidate(candidate.candidate);
    if (!this.options.pc.remoteDescription) {
      // A description must come first; a peer that trickles faster than it describes is not dropped.
      this.early.push(candidate);
      return;
    }
    await this.tryAdd(candidate);
  }

  private async tryAdd(candidate: NonNullable<CandidateInit>): Promise<void> {
    try {
      await this.options.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we chose to ignore are expected to fail; others cost one path, not the link.
      if (!this.ignoreOffer) log.warn(`a candidate from ${this.options.peerId} was refused`, error);
    }
  }

  private async applyDescription(data: Extract<SignalData, { kind: 'description' }>): Promise<void> {
    const { pc, polite } = this.options;
    const description = data.description;
    if (description.type === 'offer' && this.isFromAnotherConnection(description.sdp)) {
      log.info(`${this.options.peerId} started a new connection`);
      this.breakWith('peer-restarted', [data]);
      return;
    }
    const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const offerCollision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !polite && offerCollision;
    if (this.ignoreOffer) {
      log.debug(`ignoring colliding offer from ${this.options.peerId}`);
      return;
    }
    this.settingRemoteAnswer = description.type === 'answer';
    try {
      // On glare the polite peer's setRemoteDescription rolls back its own offer implicitly.
      // The start bitrate rides on the remote description (see start-bitrate.ts).
      await pc.setRemoteDescription({ type: description.type, sdp: withStartBitrate(description.sdp) });
    } catch (error) {
      this.broke(
        error,
        `could not apply the ${description.type}`,
        description.type === 'offer' ? [data] : [],
      );
      return;
    } finally {
      this.settingRemoteAnswer = false;
    }
    const early = this.early;
    this.early = [];
    for (const candidate of early) await this.tryAdd(candidate);
    if (description.type !== 'offer' || this.stopped) return;
    try {
      this.options.beforeAnswer();
      await pc.setLocalDescription();
    } catch (error) {
      this.broke(error, 'could not answer', [data]);
      return;
    }
    const answer = pc.localDescription;
    if (answer && !this.stopped) {
      this.options.send({ kind: 'description', description: { type: answer.type, sdp: answer.sdp } });
    }
  }

  /** True when the offer's DTLS fingerprints are not those of the remote end we negotiated with. */
  private isFromAnotherConnection(sdp: string): boolean {
    const current = this.options.pc.remoteDescription?.sdp;
    if (!current) return false;
    const known = fingerprintsOf(current).join(',');
    const offered = fingerprintsOf(sdp).join(',');
    return known !== '' && offered !== '' && known !== offered;
  }

  private broke(error: unknown, what: string, first: SignalData[]): void {
    if (this.stopped) return;
    log.warn(`${what} with ${this.options.peerId}; the link will be recreated`, error);
    this.breakWith('failed', first);
  }

  private breakWith(reason: NegotiationBreak['reason'], first: SignalData[]): void {
    const early: SignalData[] = this.early.map((candidate) => ({ kind: 'candidate', candidate }));
    const carry = [...first, ...early, ...this.inbox];
    this.stop();
    this.options.onBroken({ reason, carry });
  }
}
