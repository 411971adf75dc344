import { describe, expect, it } from 'vitest';
import {
  applyScreenMode,
  AUTO_START,
  nextAutoState,
  preferCodecs,
  SAMPLES_TO_MOTION,
  SAMPLES_TO_TEXT,
  SCREEN_CODECS,
  type AutoState,
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

  it('puts VP9 then AV1 first and keeps every other codec in its order', () => {
    expect(preferCodecs(codecs, SCREEN_CODECS).map((c) => c.id)).toEqual([4, 5, 2, 0, 1, 3]);
  });

  it('leaves the order alone when the preferred codecs are missing', () => {
    expect(preferCodecs(codecs.slice(0, 2), SCREEN_CODECS)).toEqual(codecs.slice(0, 2));
  });
});

describe('nextAutoState', () => {
  const run = (start: AutoState, rates: (number | null)[]) => rates.reduce(nextAutoState, start);

  it('starts as text and switches to motion only after sustained motion', () => {
    expect(AUTO_START.mode).toBe('text');
    expect(run(AUTO_START, Array(SAMPLES_TO_MOTION - 1).fill(30)).mode).toBe('text');
    expect(run(AUTO_START, Array(SAMPLES_TO_MOTION).fill(30)).mode).toBe('motion');
  });

  it('ignores a short burst such as a scroll', () => {
    expect(run(AUTO_START, [30, 30, 2, 30, 30, 1]).mode).toBe('text');
  });

  it('goes back to text only after a longer still spell (hysteresis)', () => {
    const motion: AutoState = { mode: 'motion', streak: 0 };
    expect(run(motion, Array(SAMPLES_TO_TEXT - 1).fill(1)).mode).toBe('motion');
    expect(run(motion, Array(SAMPLES_TO_TEXT).fill(1)).mode).toBe('text');
    // In between the thresholds is neither still nor moving: motion stays.
    expect(run(motion, Array(SAMPLES_TO_TEXT * 2).fill(8)).mode).toBe('motion');
  });

  it('changes nothing without a measurement', () => {
    const state: AutoState = { mode: 'text', streak: 2 };
    expect(nextAutoState(state, null)).toBe(state);
  });
});
