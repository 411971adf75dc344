/**
 * The local camera, microphone and screen. Camera and microphone live in one long-lived MediaStream so
 * their msid stays stable while tracks come and go; a screen share gets a stream of its own.
 */
import type { MediaState } from '../../../common/signaling/signal';
import { createLogger } from '../log';
import { Emitter } from './emitter';

const log = createLogger('rtc:media');

export interface LocalTracks {
  cameraStream: MediaStream;
  /** A muted microphone's track is disabled; through the forwarding unit it is not sent at all. */
  micMuted: boolean;
  audioTrack: MediaStreamTrack | null;
  videoTrack: MediaStreamTrack | null;
  screenStream: MediaStream | null;
}

/** Capture constraints for calls on a LAN: 720p camera, voice processing on. */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};

/** The subset of MediaDevices the engine uses; tests pass a fake. */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
}

export interface LocalMediaEvents {
  changed: void;
}

/**
 * Thrown by the platform when the page is not a secure context: browsers then hide camera, microphone
 * and screen capture altogether (navigator.mediaDevices is undefined).
 */
export const INSECURE_CONTEXT = 'InsecureContextError';

/** A device that could not be used, as the UI names it. */
export type MediaDevice = 'camera' | 'microphone' | 'screen';

/**
 * Why a getUserMedia/getDisplayMedia call failed, as data: the UI turns it into a sentence in the
 * user's language (i18n `media.<reason>` with the device's name), so this engine stays framework-free.
 */
export interface MediaProblem {
  reason: 'insecure' | 'refused' | 'notFound' | 'inUse' | 'failed';
  device: MediaDevice;
}

/** Sorts a getUserMedia/getDisplayMedia failure into what the user can act on. */
export function describeMediaError(error: unknown, device: MediaDevice): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case INSECURE_CONTEXT:
      return { reason: 'insecure', device };
    case 'NotAllowedError':
    case 'SecurityError':
      return { reason: 'refused', device };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { reason: 'notFound', device };
    case 'NotReadableError':
    case 'AbortError':
      return { reason: 'inUse', device };
    default:
      return { reason: 'failed', device };
  }
}

export class LocalMedia extends Emitter<LocalMediaEvents> implements LocalTracks {
  readonly cameraStream = new MediaStream();
  audioTrack: MediaStreamTrack | null = null;
  videoTrack: MediaStreamTrack | null = null;
  screenStream: MediaStream | null = null;
  micMuted = false;
  /** Devices the user chose (by deviceId); starting and camera-on ask for them. */
  private readonly preferred: { audio?: string; video?: string };

  constructor(
    private readonly devices: MediaDevicesLike,
    preferred: { audio?: string; video?: string } = {},
  ) {
    super();
    this.preferred = { ...preferred };
  }

  get cameraOff(): boolean {
    return this.videoTrack === null;
  }

  /**
   * Opens camera and microphone (the camera not at all with `camera: false`: it starts off, and its
   * light never comes on). A missing or refused device does not stop the call: whatever could be opened
   * is used and each failure comes back as a problem to show the user.
   */
  async start({ camera = true }: { camera?: boolean } = {}): Promise<MediaProblem[]> {
    const problems: MediaProblem[] = [];
    const kinds = camera ? (['audio', 'video'] as const) : (['audio'] as const);
    try {
      const stream = await this.devices.getUserMedia(
        camera
          ? { audio: this.constraints('audio'), video: this.constraints('video') }
          : { audio: this.constraints('audio') },
      );
      stream.getTracks().forEach((track) => this.adopt(track));
    } catch (error) {
      log.info('camera and microphone together failed, trying each alone', error);
      for (const kind of kinds) {
        try {
          const stream = await this.devices.getUserMedia({ [kind]: this.constraints(kind) });
          stream.getTracks().forEach((track) => this.adopt(track));
        } catch (single) {
          problems.push(describeMediaError(single, kind === 'audio' ? 'microphone' : 'camera'));
        }
      }
    }
    this.emit('changed', undefined);
    return problems;
  }

  setMicMuted(muted: boolean): void {
    this.micMuted = muted;
    if (this.audioTrack) this.audioTrack.enabled = !muted;
    this.emit('changed', undefined);
  }

  /** Camera off releases the device (its light goes out); camera on opens it again. */
  async setCameraOff(off: boolean): Promise<MediaProblem | null> {
    if (off) {
      if (this.videoTrack) {
        this.videoTrack.stop();
        this.cameraStream.removeTrack(this.videoTrack);
        this.videoTrack = null;
      }
      this.emit('changed', undefined);
      return null;
    }
    if (this.videoTrack) return null;
    try {
      const stream = await this.devices.getUserMedia({ video: this.constraints('video') });
      stream.getVideoTracks().forEach((track) => this.adopt(track));
      this.emit('changed', undefined);
      return null;
    } catch (error) {
      return describeMediaError(error, 'camera');
    }
  }

  /**
   * Switches microphone or camera to another device during a call. The new device is opened before the
   * old one is released, so a failure loses nothing; peers get the new track through replaceTrack, with
   * no renegotiation. With the camera off, the choice applies when it is turned on.
   */
  async useDevice(kind: 'audio' | 'video', deviceId: string): Promise<MediaProblem | null> {
    this.preferred[kind] = deviceId;
    const current = kind === 'audio' ? this.audioTrack : this.videoTrack;
    if (kind === 'video' && !current) return null;
    if (current?.getSettings?.().deviceId === deviceId) return null;
    const device = kind === 'audio' ? 'microphone' : 'camera';
    let fresh: MediaStreamTrack | undefined;
    try {
      const stream = await this.devices.getUserMedia({ [kind]: this.constraints(kind, true) });
      fresh = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    } catch (error) {
      return describeMediaError(error, device);
    }
    if (!fresh) return describeMediaError(new DOMException('', 'NotFoundError'), device);
    if (current) this.release(current);
    this.adopt(fresh);
    this.emit('changed', undefined);
    return null;
  }

  /** The deviceId of the microphone or camera in use, when known. */
  deviceInUse(kind: 'audio' | 'video'): string | null {
    const track = kind === 'audio' ? this.audioTrack : this.videoTrack;
    return track?.getSettings?.().deviceId ?? this.preferred[kind] ?? null;
  }

  /**
   * Starts sharing from a stream the caller obtained (getDisplayMedia). The track is tagged as
   * detailed content so encoders keep text sharp, and the share ends by itself when capture ends.
   */
  startScreenShare(stream: MediaStream): void {
    this.stopScreenShare(false);
    for (const track of stream.getVideoTracks()) {
      if ('contentHint' in track) track.contentHint = 'detail';
      track.addEventListener('ended', () => {
        if (this.screenStream === stream) this.stopScreenShare();
      });
    }
    this.screenStream = stream;
    this.emit('changed', undefined);
  }

  stopScreenShare(notify = true): void {
    if (!this.screenStream) return;
    this.screenStream.getTracks().forEach((track) => track.stop());
    this.screenStream = null;
    if (notify) this.emit('changed', undefined);
  }

  /** What peers are told about our media. */
  state(): MediaState {
    return {
      micMuted: this.micMuted || this.audioTrack === null,
      cameraOff: this.cameraOff,
      cameraStreamId: this.audioTrack || this.videoTrack ? this.cameraStream.id : null,
      screenStreamId: this.screenStream?.id ?? null,
    };
  }

  stopAll(): void {
    this.stopScreenShare(false);
    for (const track of this.cameraStream.getTracks()) {
      track.stop();
      this.cameraStream.removeTrack(track);
    }
    this.audioTrack = null;
    this.videoTrack = null;
    this.emit('changed', undefined);
  }

  /** Capture constraints for a kind, asking for the preferred device (`exact` when switching). */
  private constraints(kind: 'audio' | 'video', exact = false): MediaTrackConstraints | boolean {
    const deviceId = this.preferred[kind];
    const device = deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : {};
    if (kind === 'video') return { ...CAMERA_CONSTRAINTS, ...device };
    return deviceId ? device : true;
  }

  private release(track: MediaStreamTrack): void {
    track.stop();
    this.cameraStream.removeTrack(track);
    if (this.audioTrack === track) this.audioTrack = null;
    if (this.videoTrack === track) this.videoTrack = null;
  }

  private adopt(track: MediaStreamTrack): void {
    if (track.kind === 'audio' && !this.audioTrack) {
      track.enabled = !this.micMuted;
      this.audioTrack = track;
    } else if (track.kind === 'video' && !this.videoTrack) {
      this.videoTrack = track;
    } else {
      track.stop();
      return;
    }
    this.cameraStream.addTrack(track);
    track.addEventListener('ended', () => {
      // A device unplugged mid-call ends its track: forget it so the UI and peers see it gone, then
      // carry on with another device of that kind if there is one (the system default).
      const inUse = this.audioTrack === track || this.videoTrack === track;
      if (this.audioTrack === track) this.audioTrack = null;
      if (this.videoTrack === track) this.videoTrack = null;
      this.cameraStream.removeTrack(track);
      this.emit('changed', undefined);
      if (inUse) void this.fallBack(track.kind === 'audio' ? 'audio' : 'video');
    });
  }

  private async fallBack(kind: 'audio' | 'video'): Promise<void> {
    try {
      const stream = await this.devices.getUserMedia({
        [kind]: kind === 'video' ? CAMERA_CONSTRAINTS : true,
      });
      const track = stream.getTracks()[0];
      if (!track) return;
      if ((kind === 'audio' ? this.audioTrack : this.videoTrack) !== null) {
        track.stop();
        return;
      }
      this.adopt(track);
      this.emit('changed', undefined);
    } catch (error) {
      log.info(`no other ${kind} device to fall back to`, error);
    }
  }
}
