/**
 * The publish connection: our camera, microphone and screen sent once, to the forwarding unit, which
 * forwards them to everyone. We are its only offerer (the unit answers), so negotiation is a plain
 * offer/answer with no collisions. Video goes out as simulcast layers the unit chooses among for each
 * viewer; the share presets tune the layers (quality.ts) and the codec order applies as in the mesh.
 */
import type { UnitSignalData } from '../../../common/signaling/unit';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import type { LocalTracks } from './local-tracks';
import type { LinkState } from './peer-link';
import { applyScreenMode, preferScreenCodecs, type ScreenCodec, type ScreenMode } from './quality';
import { withStartBitrate } from './start-bitrate';
import { answeredMedia, type AskAnswer, type AskKind, type SendKind } from './unit-answer';
import { UnitConnection, type UnitConnectionOptions } from './unit-connection';

const log = createLogger('rtc:unit-publish');

/** A camera in three layers: a quarter, half and full size (rids as docs/PROTOCOL.md names them). */
export const CAMERA_LAYERS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'l', scaleResolutionDownBy: 4 },
  { rid: 'm', scaleResolutionDownBy: 2 },
  { rid: 'h', scaleResolutionDownBy: 1 },
];
/** A screen in two: half and full size (text needs full size; a phone on Wi-Fi can take half). */
export const SCREEN_LAYERS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'l', scaleResolutionDownBy: 2 },
  { rid: 'h', scaleResolutionDownBy: 1 },
];

/**
 * How long an unmute (or a camera turned on) waits for the unit's answer before giving up: it stays
 * muted (off). On a LAN the answer takes milliseconds; this only ends a wait on a unit gone silent.
 */
export const ASK_TIMEOUT_MS = 10_000;

export interface UnitPublisherEvents {
  state: LinkState;
  /** The unit refused what we tried to send (it forwards as many senders as it takes): it stays off. */
  refused: SendKind[];
  /** The unit took what we send: we hold a sender place. */
  accepted: void;
  /** The connection cannot go on (an answer could not be applied): the link builds a new one. */
  broken: void;
}

export type UnitPublisherOptions = Omit<UnitConnectionOptions, 'name' | 'onIceBroken'>;

type Slot = 'audio' | 'video';

const SLOT: Record<AskKind, Slot> = { microphone: 'audio', camera: 'video' };

/** An ask waiting for the unit's answer (see {@link UnitPublisher.askToSend}). */
interface Ask {
  answered: Promise<AskAnswer>;
  settle: (answer: AskAnswer) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** An m-line of ours offered sending: what the user calls it, and its mid in that offer. */
interface Offered {
  kind: SendKind;
  mid: string | null;
}

/**
 * A muted microphone and a camera that is off keep their m-line, `inactive`: the unit counts no sender
 * place for it, and the connection keeps its transport, so an unmute is one offer and answer away.
 */
export class UnitPublisher extends Emitter<UnitPublisherEvents> {
  readonly connection: UnitConnection;
  /** The unit rejected every m-line of our last offer: this connection has no transport left. */
  dead = false;
  private readonly camera: Partial<Record<Slot, RTCRtpTransceiver>> = {};
  /** What our last offer sent on, by transceiver, to read the answer by. */
  private offered = new Map<RTCRtpTransceiver, Offered>();
  /** An offer is being made; another waits for the answer (see {@link renegotiate}). */
  private offering = false;
  private offerAfterAnswer = false;
  /** An unmute (audio) or a camera turned on (video) waiting for the unit to take it. */
  private readonly asks: Partial<Record<Slot, Ask>> = {};
  /**
   * The unit took our camera before the camera was opened (it opens only once taken): its m-line
   * stays sending, with no track yet, until the track comes or {@link giveBack}.
   */
  private cameraHeld = false;
  private screen: RTCRtpTransceiver[] = [];
  private screenStream: MediaStream | null = null;
  private screenMode: ScreenMode = 'text';
  private screenCodec: ScreenCodec = 'auto';
  private local: LocalTracks | null = null;
  private closed = false;

  constructor(private readonly options: UnitPublisherOptions) {
    super();
    this.connection = new UnitConnection({
      ...options,
      name: 'publish',
      onIceBroken: () => this.restartIce(),
    });
    this.connection.on('state', (state) => this.emit('state', state));
    this.pc.onnegotiationneeded = () => void this.offer();
  }

  get pc(): RTCPeerConnection {
    return this.connection.pc;
  }

  get iceRestarts(): number {
    return this.connection.iceRestarts;
  }

  /**
   * Brings what we send in line with local media: replaceTrack and direction for camera and
   * microphone (inactive while muted or off), own transceivers for a screen.
   */
  sync(local: LocalTracks): void {
    this.local = local;
    if (this.closed) return;
    const { audioTrack, videoTrack, cameraStream } = local;
    if (videoTrack) this.cameraHeld = false;
    const speaking = !local.micMuted || this.asks.audio !== undefined;
    this.syncCamera('audio', audioTrack, cameraStream, audioTrack !== null && speaking);
    const filming = videoTrack !== null || this.cameraHeld || this.asks.video !== undefined;
    this.syncCamera('video', videoTrack, cameraStream, filming);
    if ((this.screenStream?.id ?? null) !== (local.screenStream?.id ?? null))
      this.resendScreen(local.screenStream);
  }

  /**
   * Asks the unit to take our microphone (an unmute) or camera (turned on), before either is sent:
   * its m-line goes `sendonly` (the microphone's track still disabled, the camera not yet opened, so
   * its light stays off) and the promise says how the unit answered. Only `taken` sends: otherwise the
   * m-line goes back to `inactive`. Every ask ends, within {@link ASK_TIMEOUT_MS} at most.
   */
  askToSend(kind: AskKind): Promise<AskAnswer> {
    const slot = SLOT[kind];
    const local = this.local;
    if (this.closed || !local || (slot === 'audio' && !local.audioTrack)) return Promise.resolve('closed');
    const pending = this.asks[slot];
    if (pending) return pending.answered;
    let settle: (answer: AskAnswer) => void = () => undefined;
    const answered = new Promise<AskAnswer>((resolve) => (settle = resolve));
    const timer = setTimeout(() => this.settleAsk(slot, 'no-answer'), ASK_TIMEOUT_MS);
    this.asks[slot] = { answered, settle, timer };
    this.sync(local);
    return answered;
  }

  /** A camera the unit took could not be opened after all: its m-line stops sending. */
  giveBack(kind: AskKind): void {
    if (kind !== 'camera' || !this.cameraHeld) return;
    this.cameraHeld = false;
    if (this.local && !this.closed) this.sync(this.local);
  }

  /** A description or candidate from the unit for this connection. */
  async handle(data: UnitSignalData): Promise<void> {
    if (this.closed) return;
    if (data.kind === 'candidate') return this.connection.addCandidate(data.candidate);
    if (data.description.type !== 'answer') {
      log.warn(`ignored a ${data.description.type} on the publish connection: we offer on it`);
      return;
    }
    const offered = this.offered;
    this.offered = new Map();
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: withStartBitrate(data.description.sdp) });
    } catch (error) {
      log.warn('could not apply the unit’s answer; the publish connection will be rebuilt', error);
      this.emit('broken', undefined);
      return;
    }
    await this.connection.flushEarly();
    this.readAnswer(answeredMedia(data.description.sdp), offered);
    if (this.offerAfterAnswer) {
      this.offerAfterAnswer = false;
      void this.offer();
    }
  }

  /** Tunes our screen's layers for text or motion (sender parameters only, no renegotiation). */
  setScreenMode(mode: ScreenMode): void {
    if (mode === this.screenMode) return;
    this.screenMode = mode;
    const sender = this.screenVideoSender();
    if (sender) applyScreenMode(sender, mode).catch((error: unknown) => log.warn('could not retune', error));
  }

  /** Sends our screen with another codec: its transceivers are replaced, which renegotiates. */
  setScreenCodec(codec: ScreenCodec): void {
    if (codec === this.screenCodec) return;
    this.screenCodec = codec;
    if (this.screenStream) this.resendScreen(this.screenStream);
  }

  screenVideoSender(): RTCRtpSender | null {
    return this.screen.find((t) => t.sender.track?.kind === 'video')?.sender ?? null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.settleAsk('audio', 'closed');
    this.settleAsk('video', 'closed');
    this.connection.close();
    this.clearListeners();
  }

  /**
   * Which of the m-lines we offered sending the unit took. A refused one is rejected (port 0: a new
   * m-line, which the browser stops) or answered `inactive` (one negotiated before, which we keep).
   */
  private readAnswer(answered: Map<string, string>, offered: Map<RTCRtpTransceiver, Offered>): void {
    const refused = new Set<SendKind>();
    const asked: [Slot, AskAnswer][] = [];
    let taken = false;
    for (const [transceiver, { kind, mid }] of offered) {
      const how = mid === null ? undefined : answered.get(mid);
      if (how === undefined) continue;
      const ok = how !== 'rejected' && how !== 'inactive';
      if (kind !== 'screen') asked.push([SLOT[kind], ok ? 'taken' : 'refused']);
      if (ok) taken = true;
      else refused.add(kind);
      if (how === 'rejected') this.forget(transceiver);
    }
    // Once a rejected m-line is forgotten: a refused ask syncs again, and must not find it.
    for (const [slot, answer] of asked) this.settleAsk(slot, answer);
    this.dead = answered.size > 0 && [...answered.values()].every((how) => how === 'rejected');
    if (refused.size > 0) {
      log.info(`the unit refused our ${[...refused].join(', ')}: it forwards as many senders as it takes`);
      this.emit('refused', [...refused]);
    } else if (taken) {
      this.emit('accepted', undefined);
    }
  }

  private settleAsk(slot: Slot, answer: AskAnswer): void {
    const ask = this.asks[slot];
    if (!ask) return;
    delete this.asks[slot];
    clearTimeout(ask.timer);
    // A taken camera keeps its place while it opens (see cameraHeld).
    if (slot === 'video' && answer === 'taken') this.cameraHeld = true;
    ask.settle(answer);
    // Refused (or no answer): the m-line goes back to inactive.
    if (answer !== 'taken' && this.local && !this.closed) this.sync(this.local);
  }

  /** A transceiver the unit rejected is stopped: the next send needs a new one. */
  private forget(transceiver: RTCRtpTransceiver): void {
    if (this.camera.audio === transceiver) delete this.camera.audio;
    if (this.camera.video === transceiver) delete this.camera.video;
    this.screen = this.screen.filter((t) => t !== transceiver);
    if (this.screen.length === 0 && this.screenStream) this.screenStream = null;
  }

  /** Our transceivers that send, as the user names them. */
  private sending(): Map<RTCRtpTransceiver, SendKind> {
    const sending = new Map<RTCRtpTransceiver, SendKind>();
    const add = (transceiver: RTCRtpTransceiver | undefined, kind: SendKind) => {
      if (transceiver?.direction === 'sendonly' && transceiver.currentDirection !== 'stopped')
        sending.set(transceiver, kind);
    };
    add(this.camera.audio, 'microphone');
    add(this.camera.video, 'camera');
    for (const transceiver of this.screen) add(transceiver, 'screen');
    return sending;
  }

  private async offer(): Promise<void> {
    if (this.closed || this.offering || this.pc.signalingState !== 'stable') return;
    const sending = this.sending();
    this.offering = true;
    try {
      await this.pc.setLocalDescription();
      // The mids as offered: a browser clears a transceiver's mid once an answer rejected its m-line.
      this.offered = new Map([...sending].map(([t, kind]) => [t, { kind, mid: t.mid }]));
    } catch (error) {
      log.warn('could not make a publish offer; the publish connection will be rebuilt', error);
      this.emit('broken', undefined);
      return;
    } finally {
      this.offering = false;
    }
    const description = this.pc.localDescription;
    if (description && !this.closed) {
      this.options.send({
        kind: 'description',
        description: { type: description.type, sdp: description.sdp },
      });
    }
  }

  /**
   * Offers for an m-line going back to `sendonly` that the browser may not announce: once the unit
   * answered `inactive` to our `sendonly` offer (a refused unmute), `sendonly` again matches our last
   * offer, so no negotiationneeded comes. While an offer is out, it goes after the answer.
   */
  private renegotiate(): void {
    if (this.offering || this.pc.signalingState !== 'stable') this.offerAfterAnswer = true;
    else void this.offer();
  }

  private restartIce(): void {
    if (this.closed) return;
    log.info('ICE broke on the publish connection, restarting it');
    this.connection.countRestart();
    this.pc.restartIce();
  }

  /**
   * One camera-stream slot: its track, and whether to send (else the m-line is inactive). A camera
   * asked for sends before it has a track: the unit judges the m-line, the track follows by replaceTrack.
   */
  private syncCamera(kind: Slot, track: MediaStreamTrack | null, stream: MediaStream, send: boolean): void {
    const direction: RTCRtpTransceiverDirection = send ? 'sendonly' : 'inactive';
    const transceiver = this.camera[kind];
    if (transceiver) {
      if (transceiver.sender.track !== track) {
        transceiver.sender
          .replaceTrack(track)
          .catch((error: unknown) => log.warn(`replaceTrack(${kind}) failed`, error));
      }
      if (transceiver.direction !== direction) {
        transceiver.direction = direction;
        if (direction === 'sendonly') this.renegotiate();
      }
      return;
    }
    if (!track && !send) return;
    this.camera[kind] = this.pc.addTransceiver(track ?? kind, {
      direction,
      streams: [stream],
      ...(kind === 'video' ? { sendEncodings: CAMERA_LAYERS.map((layer) => ({ ...layer })) } : {}),
    });
  }

  private resendScreen(screen: MediaStream | null): void {
    for (const transceiver of this.screen) stopSending(this.pc, transceiver);
    this.screen = [];
    this.screenStream = screen;
    if (!screen) return;
    for (const track of screen.getTracks()) {
      const video = track.kind === 'video';
      const transceiver = this.pc.addTransceiver(track, {
        direction: 'sendonly',
        streams: [screen],
        ...(video ? { sendEncodings: SCREEN_LAYERS.map((layer) => ({ ...layer })) } : {}),
      });
      this.screen.push(transceiver);
      if (!video) continue;
      try {
        preferScreenCodecs(transceiver, this.screenCodec);
      } catch (error) {
        log.warn('could not set screen codec preferences', error);
      }
      applyScreenMode(transceiver.sender, this.screenMode).catch((error: unknown) =>
        log.warn('could not tune the screen sender', error),
      );
    }
  }
}

/** Stops a transceiver (its m-line is freed for reuse); a browser without stop() removes the track. */
function stopSending(pc: RTCPeerConnection, transceiver: RTCRtpTransceiver): void {
  if (typeof transceiver.stop === 'function') transceiver.stop();
  else pc.removeTrack(transceiver.sender);
}
