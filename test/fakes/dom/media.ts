/**
 * Stand-ins for MediaStream and MediaStreamTrack where the DOM implementation has none (happy-dom).
 * Only for unit seams: real media is exercised in Chromium by the end-to-end tests.
 */
let nextId = 1;

export class FakeTrack extends EventTarget {
  readonly id = `track-${nextId++}`;
  enabled = true;
  /** A received track is muted until media arrives; `flow()` plays its arrival. */
  muted = false;
  readyState: 'live' | 'ended' = 'live';
  contentHint = '';
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop(): void {
    this.readyState = 'ended';
  }
  /** What the browser does when the first packets of a received track arrive. */
  flow(): void {
    this.muted = false;
    this.dispatchEvent(new Event('unmute'));
  }
  /** What the browser does when a device is unplugged or capture is ended from outside. */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export class FakeStream extends EventTarget {
  readonly id = `stream-${nextId++}`;
  private tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    super();
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

/** getUserMedia that hands out fake tracks, or fails per kind with the given DOMException name. */
export function fakeGetUserMedia(failures: { audio?: string; video?: string } = {}) {
  const calls: MediaStreamConstraints[] = [];
  const getUserMedia = async (constraints: MediaStreamConstraints): Promise<MediaStream> => {
    calls.push(constraints);
    const tracks: FakeTrack[] = [];
    for (const kind of ['audio', 'video'] as const) {
      if (!constraints[kind]) continue;
      const failure = failures[kind];
      if (failure) throw new DOMException(`${kind} failed`, failure);
      tracks.push(new FakeTrack(kind));
    }
    return new FakeStream(tracks) as unknown as MediaStream;
  };
  return { getUserMedia, calls };
}

type FakeDevice = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

/**
 * `navigator.mediaDevices` for a fake window: fake tracks from getUserMedia, a synthetic screen from
 * getDisplayMedia, the listed devices, and `change(next)` to play "a device was plugged in or out".
 */
export function fakeMediaDevices(
  options: {
    getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
    getDisplayMedia?: (options?: DisplayMediaStreamOptions) => Promise<MediaStream>;
    devices?: FakeDevice[];
  } = {},
) {
  const devices = [...(options.devices ?? [])];
  const target = new EventTarget();
  return Object.assign(target, {
    getUserMedia: options.getUserMedia ?? fakeGetUserMedia().getUserMedia,
    getDisplayMedia:
      options.getDisplayMedia ??
      (async () => new FakeStream([new FakeTrack('video')]) as unknown as MediaStream),
    enumerateDevices: async () => [...devices] as MediaDeviceInfo[],
    change(next: FakeDevice[]) {
      devices.splice(0, devices.length, ...next);
      target.dispatchEvent(new Event('devicechange'));
    },
  });
}
