/**
 * What one peer connection sends: camera and microphone on long-lived senders switched with
 * replaceTrack (no renegotiation), and a screen share on senders of its own, tuned for text or motion.
 */
import { createLogger } from '../log';
import type { LocalTracks } from './local-tracks';
import { addScreenSenders, applyScreenMode, type ScreenCodec, type ScreenMode } from './quality';

const log = createLogger('rtc:senders');

export class LinkSenders {
  private audio: RTCRtpSender | null = null;
  private video: RTCRtpSender | null = null;
  private screen: RTCRtpSender[] = [];
  private screenStreamId: string | null = null;
  private screenMode: ScreenMode = 'text';
  private screenCodec: ScreenCodec = 'auto';
  private screenStream: MediaStream | null = null;

  constructor(private readonly pc: RTCPeerConnection) {}

  /** Brings the outgoing tracks in line with local media. */
  sync(local: LocalTracks): void {
    this.syncCamera('audio', local.audioTrack, local.cameraStream);
    this.syncCamera('video', local.videoTrack, local.cameraStream);
    const screen = local.screenStream;
    if (this.screenStreamId !== (screen?.id ?? null)) this.resendScreen(screen);
  }

  /**
   * Sends our screen with another codec. Codec preferences only shape the next offer, and changing them
   * does not renegotiate by itself: the screen's senders are replaced, which does (a moment's gap).
   */
  setScreenCodec(codec: ScreenCodec): void {
    if (codec === this.screenCodec) return;
    this.screenCodec = codec;
    if (this.screenStream) this.resendScreen(this.screenStream);
  }

  private resendScreen(screen: MediaStream | null): void {
    for (const sender of this.screen) this.pc.removeTrack(sender);
    this.screen = screen ? addScreenSenders(this.pc, screen, this.screenMode, this.screenCodec) : [];
    this.screenStreamId = screen?.id ?? null;
    this.screenStream = screen;
  }

  /** Tunes our screen share for text or motion (sender parameters only, no renegotiation). */
  setScreenMode(mode: ScreenMode): void {
    if (mode === this.screenMode) return;
    this.screenMode = mode;
    for (const sender of this.screen) {
      if (sender.track?.kind !== 'video') continue;
      applyScreenMode(sender, mode).catch((error: unknown) => log.warn('could not retune the screen', error));
    }
  }

  /** The sender of our shared screen's video, for diagnostics. */
  screenVideo(): RTCRtpSender | null {
    return this.screen.find((sender) => sender.track?.kind === 'video') ?? null;
  }

  private syncCamera(kind: 'audio' | 'video', track: MediaStreamTrack | null, stream: MediaStream): void {
    const sender = this[kind];
    if (sender) {
      if (sender.track !== track) {
        sender.replaceTrack(track).catch((error: unknown) => log.warn(`replaceTrack(${kind}) failed`, error));
      }
    } else if (track) {
      this[kind] = this.pc.addTrack(track, stream);
    }
  }
}
