import { describe, expect, it } from 'vitest';
import {
  applyScreenMode,
  preferCodecs,
  SCREEN_CODECS,
  screenCodecOrder,
  type SenderLike,
} from '../../renderer/src/rtc/quality';
import { FakeTrack } from '../fakes/dom/media';

/** A sender that keeps what setParameters was given, like Chromium's. */
function recordingSender(encodings: RTCRtpEncodingParameters[] = [{ active: true }]) {
  let parameters = {
    transactionId: '1',
    encodings,
    codecs: [],
    headerExtensions: [],
    rtcp: {},
  } as RTCRtpSendParameters;
  const track = new FakeTrack('video');
  const sender = {
    track: track as unknown as MediaStreamTrack,
    getParameters: () => structuredClone(parameters),
    setParameters: async (next: RTCRtpSendParameters) => {
      parameters = next;
    },
  } satisfies SenderLike;
  return { sender, track, current: () => parameters };
}

describe('applyScreenMode', () => {
  it('makes text sharp: detail hint, keep resolution, 15 fps, 8 Mbps, no downscaling', async () => {
    const { sender, track, current } = recordingSender();
    await applyScreenMode(sender, 'text');
    expect(track.contentHint).toBe('detail');
    expect(current().degradationPreference).toBe('maintain-resolution');
    expect(current().encodings).toEqual([
      { active: true, maxBitrate: 8_000_000, maxFramerate: 15, scaleResolutionDownBy: 1 },
    ]);
  });

  it('makes motion smooth: motion hint, keep frame rate, 60 fps, 6 Mbps', async () => {
    const { sender, track, current } = recordingSender();
    await applyScreenMode(sender, 'text');
    await applyScreenMode(sender, 'motion');
    expect(track.contentHint).toBe('motion');
    expect(current().degradationPreference).toBe('maintain-framerate');
    expect(current().encodings[0]).toMatchObject({ maxBitrate: 6_000_000, maxFramerate: 60 });
  });

  it('supplies the one implied encoding when the browser reports none yet', async () => {
    const { sender, current } = recordingSender([]);
    await applyScreenMode(sender, 'text');
    expect(current().encodings).toHaveLength(1);
  });
});

describe('preferCodecs', () => {
  const codecs = ['video/VP8', 'video/rtx', 'video/AV1', 'video/H264', 'video/VP9', 'video/VP9'].map(
    (mimeType, id) => ({ mimeType, id }),
  );

  it('by default puts H264, then VP8, VP9 and AV1 first, as measured, and keeps the rest in order', () => {
    // bench:media (docs/PERFORMANCE.md): H264 and VP8 never left stale blocks; VP9 did in 75 % of
    // text frames, AV1 in about half; H264 had the lowest latency at 720p motion and 1080p.
    expect(screenCodecOrder('auto')).toEqual(['video/H264', 'video/VP8', 'video/VP9', 'video/AV1']);
    expect(preferCodecs(codecs, SCREEN_CODECS).map((c) => c.id)).toEqual([3, 0, 4, 5, 2, 1]);
  });

  it('puts the codec the user chose first, the measured order after it', () => {
    expect(screenCodecOrder('VP9')).toEqual(['video/VP9', 'video/H264', 'video/VP8', 'video/AV1']);
    expect(preferCodecs(codecs, screenCodecOrder('AV1')).map((c) => c.id)).toEqual([2, 3, 0, 4, 5, 1]);
  });

  it('leaves the order alone when the preferred codecs are missing', () => {
    expect(preferCodecs(codecs.slice(0, 2), SCREEN_CODECS)).toEqual(codecs.slice(0, 2));
  });
});
