/**
 * Stand-ins for MediaStream and MediaStreamTrack where the DOM implementation has none (happy-dom).
 * Only for unit seams: real media is exercised in Chromium by the end-to-end tests.
 */
let nextId = 1;

export class FakeTrack extends EventTarget {
  readonly id = `track-${nextId++}`;
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  contentHint = '';
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop(): void {
    this.readyState = 'ended';
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

/** Devices a fake platform lists, and a way to play "a device was plugged in or out". */
export function fakeDevices(devices: Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[] = []) {
  const listeners = new Set<() => void>();
  return {
    devices,
    enumerateDevices: async () => [...devices] as MediaDeviceInfo[],
    onDeviceChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    change(next: Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[]) {
      devices.splice(0, devices.length, ...next);
      listeners.forEach((listener) => listener());
    },
  };
}
