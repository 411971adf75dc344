/**
 * Scripts that bench/media.ts installs in both pages before the app loads (context.addInitScript),
 * after installFrameCode (media-frame-code.ts). Each exported function is serialized into the page, so
 * it must be self-contained: no imports, no helpers outside its own body.
 */
declare global {
  interface Window {
    __bench: BenchPage;
  }
}

export interface DisplayConfig {
  width: number;
  height: number;
  content: 'text' | 'motion';
}

/** One displayed frame of a shared screen; seq and sent are null when its code did not read. */
export interface VideoFrameInfo {
  label: string;
  seq: number | null;
  sent: number | null;
  /** Some copy of the code was older or unreadable: part of the picture still showed an earlier frame. */
  stale: boolean;
  /** When the compositor expected to show it (rVFC expectedDisplayTime). */
  shown: number;
  /** When its last packet arrived (rVFC receiveTime; remote frames only). */
  received: number | null;
  width: number;
  height: number;
  /** Frames the element has presented so far (rVFC presentedFrames): counts frames a callback missed. */
  presented: number;
}

/** One side of the screen's RTP stream, from getStats; counters are cumulative (0 when absent). */
export interface ScreenStats {
  codec: string | null;
  /** encoderImplementation on the sender, decoderImplementation on the receiver. */
  implementation: string | null;
  width: number;
  fps: number;
  limitation: string | null;
  encodeSeconds: number;
  framesEncoded: number;
  jitterSeconds: number;
  jitterFrames: number;
  decodeSeconds: number;
  framesDecoded: number;
}

/** What the bench reads in each page (window.__bench). Times are wall ms: timeOrigin + performance.now(). */
export interface BenchPage {
  /** The fake screen the next getDisplayMedia returns. */
  display: DisplayConfig;
  /** When the room heading appeared (the join was acknowledged). */
  joinedAt: number | null;
  /** When "Share screen" was last clicked. */
  shareClickAt: number | null;
  /** First displayed frame per remote camera tile, by tile label. */
  firstCamera: Record<string, number>;
  /** Screen frames displayed since the last take(), decoded. */
  frames: VideoFrameInfo[];
  /** Send times of fake-screen frames drawn since the last take(). */
  draws: number[];
  /** Sender-side decoder check: every drawn frame decoded back from its own canvas. */
  selfCheck: { ok: number; bad: number };
  /** Returns and clears frames, draws and the self-check counts. */
  take(): { frames: VideoFrameInfo[]; draws: number[]; selfCheck: { ok: number; bad: number } };
  /** The outbound-rtp that carries our fake screen, or the inbound-rtp of the remote screen tile. */
  screenStats(): Promise<ScreenStats | null>;
  /** timeOrigin + performance.now() − Date.now(), averaged: how far this page's clock is from the system's. */
  clockOffset(): number;
  /** Every RTCPeerConnection the app made, for benches that read more of getStats (present-sharer.ts). */
  connections: RTCPeerConnection[];
}

/**
 * tsx (esbuild with keepNames) wraps named functions in calls to a `__name` helper that exists only in
 * node; page scripts compiled here need a harmless stand-in.
 */
export const NAME_SHIM = 'globalThis.__name = (target) => target;';

/**
 * Makes both capability queries report only `mimeType` (and the repair formats), so the app's own
 * setCodecPreferences on the screen transceiver offers that codec alone.
 */
export function onlyCodec(mimeType: string): void {
  const keep = (codec: RTCRtpCodec): boolean =>
    codec.mimeType.toLowerCase() === mimeType.toLowerCase() ||
    /\/(rtx|red|ulpfec|flexfec-03)$/i.test(codec.mimeType);
  for (const side of [RTCRtpSender, RTCRtpReceiver]) {
    const native = side.getCapabilities.bind(side);
    side.getCapabilities = (kind: string) => {
      const capabilities = native(kind);
      if (!capabilities || kind !== 'video') return capabilities;
      return { ...capabilities, codecs: capabilities.codecs.filter(keep) };
    };
  }
}

/** Installs window.__bench: the fake screen, the frame probe on every video, the connection list. */
export function installBench(): void {
  const { wall, drawCode, readCode, drawContent } = window.__benchCode;

  const bench: BenchPage = {
    display: { width: 1280, height: 720, content: 'text' },
    joinedAt: null,
    shareClickAt: null,
    firstCamera: {},
    frames: [],
    draws: [],
    selfCheck: { ok: 0, bad: 0 },
    take() {
      const taken = { frames: bench.frames, draws: bench.draws, selfCheck: bench.selfCheck };
      bench.frames = [];
      bench.draws = [];
      bench.selfCheck = { ok: 0, bad: 0 };
      return taken;
    },
    async screenStats() {
      // Ours: the outbound-rtp fed by our fake screen. Theirs: the inbound-rtp behind the remote screen tile.
      const tile = document.querySelector<HTMLVideoElement>('figure[aria-label^="Screen shared by "] video');
      const remoteTrack =
        tile?.srcObject instanceof MediaStream ? tile.srcObject.getVideoTracks()[0] : undefined;
      for (const pc of connections) {
        const all = [...(await pc.getStats()).values()] as Record<string, unknown>[];
        const source = all.find((s) => s.type === 'media-source' && s.trackIdentifier === screenTrackId);
        const rtp = source
          ? all.find((s) => s.type === 'outbound-rtp' && s.mediaSourceId === source.id)
          : all.find((s) => s.type === 'inbound-rtp' && remoteTrack && s.trackIdentifier === remoteTrack.id);
        if (!rtp) continue;
        const codec = all.find((s) => s.id === rtp.codecId);
        const num = (key: string): number => (typeof rtp[key] === 'number' ? rtp[key] : 0);
        const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
        return {
          codec: text(codec?.mimeType),
          implementation: text(rtp.encoderImplementation ?? rtp.decoderImplementation),
          width: num('frameWidth'),
          fps: num('framesPerSecond'),
          limitation: text(rtp.qualityLimitationReason),
          encodeSeconds: num('totalEncodeTime'),
          framesEncoded: num('framesEncoded'),
          jitterSeconds: num('jitterBufferDelay'),
          jitterFrames: num('jitterBufferEmittedCount'),
          decodeSeconds: num('totalDecodeTime'),
          framesDecoded: num('framesDecoded'),
        };
      }
      return null;
    },
    clockOffset() {
      let sum = 0;
      for (let i = 0; i < 2000; i++) sum += wall() - Date.now();
      return sum / 2000;
    },
    connections: [],
  };
  window.__bench = bench;

  // The connections the app makes, for getStats.
  const connections = bench.connections;
  const NativeConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativeConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      connections.push(this);
    }
  };

  // The fake screen: a canvas of the configured size, drawn at the requested frame rate.
  let screenTrackId: string | null = null;
  MediaDevices.prototype.getDisplayMedia = async function (options?: DisplayMediaStreamOptions) {
    const config = { ...bench.display };
    const rate = typeof options?.video === 'object' ? options.video.frameRate : undefined;
    const fps = typeof rate === 'number' ? rate : (rate?.max ?? rate?.ideal ?? 30);
    const canvas = Object.assign(document.createElement('canvas'), {
      width: config.width,
      height: config.height,
    });
    const ctx = canvas.getContext('2d')!;
    const stream = canvas.captureStream(0);
    const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    screenTrackId = track.id;
    let seq = 0;
    const timer = setInterval(() => {
      if (track.readyState === 'ended') return clearInterval(timer);
      seq = (seq + 1) & 0xffff;
      drawContent(ctx, config, seq);
      const sent = wall();
      drawCode(ctx, config.width, Math.round(sent) >>> 0, seq);
      track.requestFrame();
      bench.draws.push(sent);
      const check = readCode(canvas, wall());
      if (check && !check.stale && check.seq === seq && check.sent === Math.round(sent)) bench.selfCheck.ok++;
      else bench.selfCheck.bad++;
    }, 1000 / fps);
    return stream;
  };

  // The probe: every displayed frame of every video, found by its tile's accessible name.
  const hooked = new WeakSet<HTMLVideoElement>();
  const hook = (video: HTMLVideoElement): void => {
    hooked.add(video);
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
      const label = video.closest('figure')?.getAttribute('aria-label') ?? '';
      const shown = wall(meta.expectedDisplayTime);
      if (label.startsWith('Camera of ')) bench.firstCamera[label] ??= shown;
      if (label.startsWith('Screen shared by ') || label === 'Your shared screen') {
        const code = readCode(video, shown);
        bench.frames.push({
          label,
          seq: code?.seq ?? null,
          sent: code?.sent ?? null,
          stale: code?.stale ?? true,
          shown,
          received: meta.receiveTime === undefined ? null : wall(meta.receiveTime),
          width: meta.width,
          height: meta.height,
          presented: meta.presentedFrames,
        });
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const room = new URLSearchParams(location.search).get('room');
  new MutationObserver(() => {
    document.querySelectorAll('video').forEach((video) => hooked.has(video) || hook(video));
    if (bench.joinedAt === null && [...document.querySelectorAll('h1')].some((h) => h.textContent === room))
      bench.joinedAt = wall();
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener(
    'click',
    (event) => {
      if ((event.target as Element | null)?.closest('button')?.textContent?.trim() === 'Share screen')
        bench.shareClickAt = wall();
    },
    { capture: true },
  );
}
