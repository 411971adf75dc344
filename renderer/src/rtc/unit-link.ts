/**
 * Our media in a forwarded room: two connections to the room's forwarding unit over `unit:signal`,
 * `publish` (what we send, once, whatever the size of the room) and `subscribe` (everyone else's).
 * The mesh keeps carrying chat, files and hellos; tiles take people's streams from here by the stream
 * ids they announce. A connection that cannot go on is replaced by a fresh one.
 */
import type { UnitPc, UnitRequestData, UnitSignal } from '../../../common/signaling/unit';
import { unitCode } from '../../../common/unit-code';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import type { LocalTracks } from './local-tracks';
import type { LinkState } from './peer-link';
import type { ScreenCodec, ScreenMode } from './quality';
import { audioLevelOf } from './speaker';
import type { AskAnswer, AskKind, SendKind } from './unit-answer';
import { UnitPublisher } from './unit-publish';
import { UnitSubscriber } from './unit-subscribe';
import type { StreamFactory } from './unit-streams';

const log = createLogger('rtc:unit-link');

export interface UnitLinkEvents {
  /** Streams, states, the code or the refusal changed: the room view reads again. */
  changed: void;
  /** Both connections are up (first time, or after a rebuild): our media reaches the unit, theirs us. */
  connected: void;
  /** The unit refused what we tried to send: the room turns these off, so controls tell the truth. */
  refused: SendKind[];
}

export interface UnitLinkOptions {
  send: (pc: UnitPc, data: UnitRequestData) => void;
  rtcConfig?: RTCConfiguration;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  createStream?: StreamFactory;
}

/** What the room shows of the unit link: both connections' states, its code, a refusal. */
export interface UnitLinkView {
  publish: LinkState;
  subscribe: LinkState;
  /** The unit's short code, to compare with the host's screen; null until the subscribe connection is up. */
  code: string | null;
  /**
   * The unit refused what we last tried to send: how many people send now, by the unit's latest
   * table (they fill its places), and whether fewer send than when it refused us (a place may be
   * free). Null until a table arrives, so the count said is never a guess; cleared when the unit
   * takes something of ours.
   */
  refused: { senders: number; freed: boolean } | null;
}

export class UnitLink extends Emitter<UnitLinkEvents> {
  publisher: UnitPublisher;
  subscriber: UnitSubscriber;
  private local: LocalTracks | null = null;
  /**
   * The unit refused us and has not taken anything of ours since: `senders`, how many people sent
   * then, by the first table known since (the refusal can come before the unit's first subscribe
   * offer: a joiner offers its camera at once).
   */
  private refusal: { senders: number | null } | null = null;
  /** Both connections were up at the last state change. */
  private wasUp = false;
  private closed = false;

  constructor(private readonly options: UnitLinkOptions) {
    super();
    this.publisher = this.createPublisher();
    this.subscriber = this.createSubscriber();
  }

  /** A `unit:signal` from the server, routed to the connection it names. */
  handleSignal(signal: UnitSignal): void {
    if (this.closed) return;
    if (signal.pc === 'publish') {
      void this.publisher.handle(signal.data);
      return;
    }
    if (this.subscriber.isFromAnotherConnection(signal)) this.replaceSubscriber([signal]);
    else void this.subscriber.handle(signal);
  }

  /**
   * What we send: the same local media the mesh would, simulcast for video, except a muted
   * microphone and a camera that is off, which take no sender place (see {@link askToSend}).
   */
  setLocalMedia(local: LocalTracks): void {
    this.local = local;
    this.publisher.sync(local);
  }

  /** For an unmute or a camera turned on: how the unit answered (only `taken` sends). */
  askToSend(kind: AskKind): Promise<AskAnswer> {
    return this.publisher.askToSend(kind);
  }

  /** A camera the unit took could not be opened: its place goes back. */
  giveBack(kind: AskKind): void {
    this.publisher.giveBack(kind);
  }

  /** A person's stream as the unit forwards it to us; null when none arrives. */
  stream(owner: string, streamId: string): MediaStream | null {
    return this.subscriber.streams.stream(owner, streamId);
  }

  /** Audio levels by person, and ours (`self`) as sent, for the active speaker. */
  async levels(): Promise<Map<string, number>> {
    const levels = this.subscriber.levels();
    levels.set('self', await audioLevelOf(this.publisher.pc, true));
    return levels;
  }

  view(): UnitLinkView {
    const fingerprint = this.subscriber.fingerprint();
    return {
      publish: this.publisher.connection.state,
      subscribe: this.subscriber.connection.state,
      code: this.subscriber.connection.state === 'connected' && fingerprint ? unitCode(fingerprint) : null,
      refused: this.refusalView(),
    };
  }

  /** The screen-quality seam (screen-quality.ts): our screen is tuned here, not on mesh links. */
  setScreenMode(mode: ScreenMode): void {
    this.publisher.setScreenMode(mode);
  }

  setScreenCodec(codec: ScreenCodec): void {
    this.publisher.setScreenCodec(codec);
  }

  screenVideoSender(): RTCRtpSender | null {
    return this.publisher.screenVideoSender();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.publisher.close();
    this.subscriber.close();
    this.clearListeners();
  }

  private createPublisher(): UnitPublisher {
    const publisher = new UnitPublisher({
      send: (data) => this.options.send('publish', data),
      rtcConfig: this.options.rtcConfig ?? { iceServers: [] },
      createPeerConnection: this.options.createPeerConnection,
    });
    publisher.on('state', () => this.stateChanged());
    publisher.on('refused', (kinds) => {
      this.refusal = { senders: this.subscriber.streams.sendersKnown() };
      // The room turns off what was refused before anything is offered again.
      this.emit('refused', kinds);
      // Every m-line rejected leaves the connection without a transport: a fresh one, with our media
      // as it is now (off), is ready for the next try.
      if (publisher.dead && publisher === this.publisher) this.replacePublisher();
      this.changed();
    });
    publisher.on('accepted', () => {
      if (this.refusal === null) return;
      this.refusal = null;
      this.changed();
    });
    publisher.on('broken', () => this.replacePublisher());
    return publisher;
  }

  private createSubscriber(): UnitSubscriber {
    const subscriber = new UnitSubscriber({
      send: (data) => this.options.send('subscribe', data),
      rtcConfig: this.options.rtcConfig ?? { iceServers: [] },
      createPeerConnection: this.options.createPeerConnection,
      createStream: this.options.createStream,
    });
    subscriber.on('state', () => this.stateChanged());
    subscriber.on('changed', () => {
      if (this.refusal && this.refusal.senders === null) {
        this.refusal.senders = this.subscriber.streams.sendersKnown();
      }
      this.changed();
    });
    subscriber.on('broken', ({ carry }) => this.replaceSubscriber(carry));
    return subscriber;
  }

  private refusalView(): UnitLinkView['refused'] {
    const now = this.subscriber.streams.sendersKnown();
    if (this.refusal === null || now === null) return null;
    const then = this.refusal.senders ?? now;
    return { senders: now, freed: now < then };
  }

  /** A fresh publish connection with our media on it (it offers at once). */
  private replacePublisher(): void {
    if (this.closed) return;
    log.info('rebuilding the publish connection to the unit');
    this.publisher.close();
    this.publisher = this.createPublisher();
    if (this.local) this.publisher.sync(this.local);
    this.changed();
  }

  /** The unit started a new subscribe connection (or ours broke): answer it on a fresh one. */
  private replaceSubscriber(carry: UnitSignal[]): void {
    if (this.closed) return;
    log.info('answering the unit on a new subscribe connection');
    this.subscriber.close();
    this.subscriber = this.createSubscriber();
    for (const signal of carry) void this.subscriber.handle(signal);
    this.changed();
  }

  private stateChanged(): void {
    const up =
      this.publisher.connection.state === 'connected' && this.subscriber.connection.state === 'connected';
    if (up && !this.wasUp) this.emit('connected', undefined);
    this.wasUp = up;
    this.changed();
  }

  private changed(): void {
    this.emit('changed', undefined);
  }
}
