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

/** The mids of m-lines an answer rejected (port 0), among `ours`. */
export function rejectedMids(sdp: string, ours: ReadonlySet<string>): string[] {
  const rejected: string[] = [];
  let port: string | null = null;
  for (const line of sdp.split(/\r?\n/)) {
    const media = /^m=\S+ (\d+) /.exec(line);
    if (media) port = media[1] ?? null;
    const mid = /^a=mid:(\S+)/.exec(line)?.[1];
    if (mid && port === '0' && ours.has(mid)) rejected.push(mid);
  }
  return rejected;
}

export interface UnitPublisherEvents {
  state: LinkState;
  /** The unit refused our media (it already forwards as many senders as it takes). */
  rejected: void;
  /** The connection cannot go on (an answer could not be applied): the link builds a new one. */
  broken: void;
}

export type UnitPublisherOptions = Omit<UnitConnectionOptions, 'name' | 'onIceBroken'>;

type Slot = 'audio' | 'video';

export class UnitPublisher extends Emitter<UnitPublisherEvents> {
  readonly connection: UnitConnection;
  /** The unit refused our m-lines; nothing is sent until {@link retry}. */
  rejected = false;
  private readonly camera: Partial<Record<Slot, RTCRtpTransceiver>> = {};
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

  /** Brings what we send in line with local media: replaceTrack for devices, own transceivers for a screen. */
  sync(local: LocalTracks): void {
    this.local = local;
    if (this.closed || this.rejected) return;
    this.syncCamera('audio', local.audioTrack, local.cameraStream);
    this.syncCamera('video', local.videoTrack, local.cameraStream);
    if ((this.screenStream?.id ?? null) !== (local.screenStream?.id ?? null))
      this.resendScreen(local.screenStream);
  }

  /** Tries again after a refusal, with fresh transceivers (the refused ones are stopped). */
  retry(): void {
    if (!this.rejected || this.closed) return;
    this.rejected = false;
    delete this.camera.audio;
    delete this.camera.video;
    this.screen = [];
    this.screenStream = null;
    if (this.local) this.sync(this.local);
  }

  /** A description or candidate from the unit for this connection. */
  async handle(data: UnitSignalData): Promise<void> {
    if (this.closed) return;
    if (data.kind === 'candidate') return this.connection.addCandidate(data.candidate);
    if (data.description.type !== 'answer') {
      log.warn(`ignored a ${data.description.type} on the publish connection: we offer on it`);
      return;
    }
    const ours = new Set(this.liveTransceivers().flatMap((t) => (t.mid ? [t.mid] : [])));
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: withStartBitrate(data.description.sdp) });
    } catch (error) {
      log.warn('could not apply the unit’s answer; the publish connection will be rebuilt', error);
      this.emit('broken', undefined);
      return;
    }
    await this.connection.flushEarly();
    if (rejectedMids(data.description.sdp, ours).length > 0 && !this.rejected) {
      log.info('the unit refused our media: it forwards as many senders as it takes');
      this.rejected = true;
      this.emit('rejected', undefined);
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
    this.connection.close();
    this.clearListeners();
  }

  private liveTransceivers(): RTCRtpTransceiver[] {
    return [this.camera.audio, this.camera.video, ...this.screen].filter(
      (t): t is RTCRtpTransceiver => t !== undefined && t.sender.track !== null,
    );
  }

  private async offer(): Promise<void> {
    if (this.closed || this.pc.signalingState !== 'stable') return;
    try {
      await this.pc.setLocalDescription();
    } catch (error) {
      log.warn('could not make a publish offer; the publish connection will be rebuilt', error);
      this.emit('broken', undefined);
      return;
    }
    const description = this.pc.localDescription;
    if (description && !this.closed) {
      this.options.send({
        kind: 'description',
        description: { type: description.type, sdp: description.sdp },
      });
    }
  }

  private restartIce(): void {
    if (this.closed) return;
    log.info('ICE broke on the publish connection, restarting it');
    this.connection.countRestart();
    this.pc.restartIce();
  }

  private syncCamera(kind: Slot, track: MediaStreamTrack | null, stream: MediaStream): void {
    const transceiver = this.camera[kind];
    if (transceiver) {
      if (transceiver.sender.track !== track) {
        transceiver.sender
          .replaceTrack(track)
          .catch((error: unknown) => log.warn(`replaceTrack(${kind}) failed`, error));
      }
      return;
    }
    if (!track) return;
    this.camera[kind] = this.pc.addTransceiver(track, {
      direction: 'sendonly',
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
