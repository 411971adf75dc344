/**
 * Screen-share quality presets. A shared screen is either text (code, documents: every pixel matters,
 * few frames do) or motion (a video, an animation: smoothness matters more than sharpness). The preset
 * sets the track's content hint, the encoder's degradation preference and frame-rate and bitrate caps.
 * Caps go through RTCRtpSender.setParameters, which takes effect at once without renegotiation.
 */
import { createLogger } from '../log';

const log = createLogger('rtc:quality');

/** What the user picks while sharing. "auto" starts as text and follows what is on screen. */
export type SharePreset = 'auto' | 'text' | 'motion';
/** What the encoder is actually told. */
export type ScreenMode = 'text' | 'motion';

export interface ModeSettings {
  contentHint: 'detail' | 'motion';
  degradationPreference: RTCDegradationPreference;
  maxFramerate: number;
  /** Bits per second. A LAN carries this easily; it also lifts the encoder out of its slow start. */
  maxBitrate: number;
}

export const SCREEN_MODES: Record<ScreenMode, ModeSettings> = {
  text: {
    contentHint: 'detail',
    degradationPreference: 'maintain-resolution',
    maxFramerate: 15,
    maxBitrate: 8e6,
  },
  motion: {
    contentHint: 'motion',
    degradationPreference: 'maintain-framerate',
    maxFramerate: 60,
    maxBitrate: 6e6,
  },
};

/** The codec a share uses: "auto" is the measured order below; a named one goes first. */
export type ScreenCodec = 'auto' | 'H264' | 'VP8' | 'VP9' | 'AV1';

export const SCREEN_CODEC_CHOICES: readonly ScreenCodec[] = ['auto', 'H264', 'VP8', 'VP9', 'AV1'];

/**
 * Codecs a screen prefers, best first, by measurement (`npm run bench:media`, docs/PERFORMANCE.md,
 * "Screen codecs"): H264 and VP8 never left a stale block, while VP9 left 64-pixel blocks of an older
 * frame in three quarters of the text frames and AV1 in half; H264 had the lowest latency at 720p
 * motion and at 1080p. Where the platform has a hardware H264 encoder (Windows, macOS) it only gains.
 * Codecs the other end lacks simply drop out of the answer.
 */
export const SCREEN_CODECS = ['video/H264', 'video/VP8', 'video/VP9', 'video/AV1'];

/** A codec named outright, as opposed to "auto". */
export type NamedScreenCodec = Exclude<ScreenCodec, 'auto'>;

/** What the share menu offers here: the named codecs this browser can encode, and what "auto" becomes. */
export interface SendableScreenCodecs {
  named: NamedScreenCodec[];
  /** The codec "auto" sends with on this browser: the first of the measured order it can encode. */
  auto: NamedScreenCodec | null;
}

/**
 * The screen codecs a browser that encodes `mimeTypes` (RTCRtpSender.getCapabilities) can send, so
 * "Auto" is labelled with the codec it really picks here, not the one that wins where H264 exists.
 */
export function sendableScreenCodecs(mimeTypes: readonly string[]): SendableScreenCodecs {
  const here = new Set(mimeTypes.map((mime) => mime.toLowerCase()));
  const named = SCREEN_CODEC_CHOICES.filter(
    (codec): codec is NamedScreenCodec => codec !== 'auto' && here.has(`video/${codec.toLowerCase()}`),
  );
  const first = SCREEN_CODECS.find((mime) => here.has(mime.toLowerCase()));
  return { named, auto: named.find((codec) => `video/${codec}` === first) ?? null };
}

/** The screen codecs this browser can send; where it cannot say, every choice and an unnamed "auto". */
export function screenCodecsHere(): SendableScreenCodecs {
  if (typeof RTCRtpSender === 'undefined' || typeof RTCRtpSender.getCapabilities !== 'function') {
    return { named: SCREEN_CODEC_CHOICES.filter((c): c is NamedScreenCodec => c !== 'auto'), auto: null };
  }
  return sendableScreenCodecs(RTCRtpSender.getCapabilities('video')?.codecs.map((c) => c.mimeType) ?? []);
}

/** The preference order for `choice`: the chosen codec first, then the measured order. */
export function screenCodecOrder(choice: ScreenCodec): string[] {
  if (choice === 'auto') return [...SCREEN_CODECS];
  const chosen = `video/${choice}`;
  return [chosen, ...SCREEN_CODECS.filter((mime) => mime !== chosen)];
}

/** Reorders codecs so the preferred mime types come first (in the given order); the rest keep theirs. */
export function preferCodecs<T extends { mimeType: string }>(codecs: readonly T[], preferred: string[]): T[] {
  const rank = (codec: T): number => {
    const index = preferred.findIndex((mime) => mime.toLowerCase() === codec.mimeType.toLowerCase());
    return index === -1 ? preferred.length : index;
  };
  return codecs
    .map((codec, position) => ({ codec, position }))
    .sort((a, b) => rank(a.codec) - rank(b.codec) || a.position - b.position)
    .map(({ codec }) => codec);
}

/** The subset of RTCRtpSender a preset touches; tests pass a recording stand-in. */
export type SenderLike = Pick<RTCRtpSender, 'track' | 'getParameters' | 'setParameters'>;

/**
 * Applies a mode to one screen sender. Resolution is never scaled down by us (scaleResolutionDownBy 1):
 * with a generous maxBitrate the encoder sends the source resolution from the first seconds instead of
 * starting at a quarter of it. A simulcast sender (to the forwarding unit, layers named by rid) keeps
 * each layer's scale: the full-size layer gets the mode's bitrate, a smaller one its share by area.
 */
export async function applyScreenMode(sender: SenderLike, mode: ScreenMode): Promise<void> {
  const settings = SCREEN_MODES[mode];
  if (sender.track && 'contentHint' in sender.track) sender.track.contentHint = settings.contentHint;
  const parameters = sender.getParameters();
  // Before the first negotiation Chromium may report no encodings; one default encoding is implied.
  const encodings = parameters.encodings.length > 0 ? parameters.encodings : [{}];
  const simulcast = encodings.length > 1 && encodings.every((encoding) => encoding.rid !== undefined);
  parameters.encodings = encodings.map((encoding) => {
    const scale = simulcast ? (encoding.scaleResolutionDownBy ?? 1) : 1;
    return {
      ...encoding,
      maxBitrate: Math.round(settings.maxBitrate / (scale * scale)),
      maxFramerate: settings.maxFramerate,
      scaleResolutionDownBy: scale,
    };
  });
  parameters.degradationPreference = settings.degradationPreference;
  await sender.setParameters(parameters);
  log.debug(`screen sender set to ${mode}`);
}

/**
 * Puts the screen codecs first on a freshly added screen transceiver. It only shapes the next offer,
 * so it must run before negotiation (addTrack queues negotiationneeded; this runs synchronously after).
 */
export function preferScreenCodecs(transceiver: RTCRtpTransceiver, codec: ScreenCodec = 'auto'): void {
  const capabilities = RTCRtpReceiver.getCapabilities('video');
  if (capabilities) {
    transceiver.setCodecPreferences(preferCodecs(capabilities.codecs, screenCodecOrder(codec)));
  }
}

/**
 * Adds a screen stream's tracks to a connection, video tuned for `mode`. Tuning is best effort (a
 * browser without codec preferences still shares, only less sharply), so failures are logged, not thrown.
 */
export function addScreenSenders(
  pc: RTCPeerConnection,
  stream: MediaStream,
  mode: ScreenMode,
  codec: ScreenCodec = 'auto',
): RTCRtpSender[] {
  return stream.getTracks().map((track) => {
    const sender = pc.addTrack(track, stream);
    if (track.kind !== 'video') return sender;
    try {
      const transceiver = pc.getTransceivers().find((candidate) => candidate.sender === sender);
      if (transceiver) preferScreenCodecs(transceiver, codec);
    } catch (error) {
      log.warn('could not set screen codec preferences', error);
    }
    applyScreenMode(sender, mode).catch((error: unknown) =>
      log.warn('could not tune the screen sender', error),
    );
    return sender;
  });
}
