/**
 * What the two connections to the forwarding unit share: one RTCPeerConnection, candidates trickled
 * both ways over `unit:signal` (the unit's held until a remote description exists), its state in the
 * words links use, and when ICE breaks, a restart by whichever end offers on it (see unit-link.ts).
 */
import type { UnitRequestData, UnitSignalData } from '../../../common/signaling/unit';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import type { LinkState } from './peer-link';
import { RESTART_AFTER_DISCONNECT_MS } from './peer-link';

const log = createLogger('rtc:unit');

/**
 * How long a restart may take to connect before it is tried again: longer than a restart takes on a
 * LAN, short enough that media comes back soon after the network does.
 */
export const RESTART_RETRY_MS = 2 * RESTART_AFTER_DISCONNECT_MS;

type CandidateInit = NonNullable<Extract<UnitSignalData, { kind: 'candidate' }>['candidate']>;

export interface UnitConnectionOptions {
  /** `publish` or `subscribe`, for the logs. */
  name: string;
  rtcConfig: RTCConfiguration;
  send: (data: UnitRequestData) => void;
  /**
   * Called when ICE failed, or stayed disconnected for a while, and again while a restart does not
   * bring it back (the network may still have been down): the offering end restarts it.
   */
  onIceBroken: () => void;
  /** Seam for unit tests; defaults to the browser's RTCPeerConnection. */
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

export interface UnitConnectionEvents {
  state: LinkState;
}

export class UnitConnection extends Emitter<UnitConnectionEvents> {
  readonly pc: RTCPeerConnection;
  state: LinkState = 'connecting';
  /** ICE restarts so far, for the stats panel. */
  iceRestarts = 0;
  private early: CandidateInit[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** A restart was asked for and ICE has not been connected since. */
  private restarting = false;
  private closed = false;

  constructor(private readonly options: UnitConnectionOptions) {
    super();
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create(options.rtcConfig);
    this.pc.onicecandidate = ({ candidate }) => {
      if (this.closed) return;
      if (candidate?.candidate) {
        options.send({
          kind: 'candidate',
          candidate: { ...candidate.toJSON(), candidate: candidate.candidate },
        });
      } else if (!candidate) {
        options.send({ kind: 'candidate', candidate: null });
      }
    };
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.pc.oniceconnectionstatechange = () => this.onIceState();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A candidate from the unit; one that comes before the description waits for it. */
  async addCandidate(candidate: CandidateInit | null): Promise<void> {
    if (!candidate || this.closed) return;
    if (!this.pc.remoteDescription) {
      this.early.push(candidate);
      return;
    }
    await this.tryAdd(candidate);
  }

  /** Applies the candidates that came before the remote description. */
  async flushEarly(): Promise<void> {
    const early = this.early;
    this.early = [];
    for (const candidate of early) await this.tryAdd(candidate);
  }

  /** Sends a description or candidate of ours for this connection, or a restart request. */
  send(data: UnitRequestData): void {
    if (!this.closed) this.options.send(data);
  }

  /** The unit's description for this connection as text, once applied. */
  remoteSdp(): string | null {
    return this.pc.remoteDescription?.sdp ?? null;
  }

  countRestart(): void {
    this.iceRestarts += 1;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.early = [];
    this.pc.close();
    this.setState('closed');
    this.clearListeners();
  }

  private async tryAdd(candidate: CandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      log.warn(`a candidate from the unit (${this.options.name}) was refused`, error);
    }
  }

  private onConnectionState(): void {
    log.debug(`unit ${this.options.name} connection ${this.pc.connectionState}`);
    switch (this.pc.connectionState) {
      case 'connected':
        this.setState('connected');
        break;
      case 'disconnected':
        this.setState('reconnecting');
        break;
      case 'failed':
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
   * As peer-link.ts: a failed agent, or one disconnected for a while, gets fresh candidates. A restart
   * made while the network was still down (cable out, between access points) cannot connect: until
   * ICE is connected again, it is tried again every RESTART_RETRY_MS.
   */
  private onIceState(): void {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.restartTimer);
    if (this.closed) return;
    if (state === 'connected' || state === 'completed') this.restarting = false;
    else if (state === 'failed') this.iceBroken();
    else if (state === 'disconnected') {
      this.restartTimer = setTimeout(() => this.iceBroken(), RESTART_AFTER_DISCONNECT_MS);
    } else if (this.restarting) {
      this.restartTimer = setTimeout(() => this.iceBroken(), RESTART_RETRY_MS);
    }
  }

  private iceBroken(): void {
    if (this.closed) return;
    this.restarting = true;
    this.options.onIceBroken();
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => this.iceBroken(), RESTART_RETRY_MS);
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }
}
