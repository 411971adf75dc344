import { beforeEach, describe, expect, it, vi } from 'vitest';
import { describeMediaError, LocalMedia } from '../../renderer/src/rtc/local-tracks';
import { FakeStream, FakeTrack, fakeGetUserMedia } from '../fakes/dom/media';
import { inWords } from './i18n';

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
});

describe('LocalMedia', () => {
  it('opens camera and microphone into one stream whose id peers are told', async () => {
    const media = new LocalMedia(fakeGetUserMedia());
    expect(await media.start()).toEqual([]);
    expect(media.audioTrack?.kind).toBe('audio');
    expect(media.videoTrack?.kind).toBe('video');
    expect(media.state()).toEqual({
      micMuted: false,
      cameraOff: false,
      cameraStreamId: media.cameraStream.id,
      screenStreamId: null,
    });
  });

  it('opens only the microphone when asked to start with the camera off, and never lights the camera', async () => {
    const devices = fakeGetUserMedia();
    const media = new LocalMedia(devices);
    expect(await media.start({ camera: false })).toEqual([]);
    expect(devices.calls.every((constraints) => !constraints.video)).toBe(true);
    expect(media.audioTrack?.kind).toBe('audio');
    expect(media.cameraOff).toBe(true);
  });

  it('keeps the microphone when the camera is refused, and says why in words', async () => {
    const media = new LocalMedia(fakeGetUserMedia({ video: 'NotAllowedError' }));
    const problems = await media.start();
    expect(media.audioTrack).not.toBeNull();
    expect(media.videoTrack).toBeNull();
    expect(problems.map((p) => inWords(p))).toEqual([
      'Access to the camera was refused. Allow it in the browser or system settings and try again.',
    ]);
    expect(media.state().cameraOff).toBe(true);
  });

  it('reports both devices missing without throwing', async () => {
    const media = new LocalMedia(fakeGetUserMedia({ audio: 'NotFoundError', video: 'NotFoundError' }));
    const problems = await media.start();
    expect(problems.map((p) => inWords(p))).toEqual(['No microphone was found.', 'No camera was found.']);
    expect(problems.map((p) => inWords(p, 'fr'))).toEqual([
      'Impossible de trouver le micro.',
      'Impossible de trouver la caméra.',
    ]);
    expect(media.state()).toMatchObject({ micMuted: true, cameraOff: true, cameraStreamId: null });
  });

  it('mutes by disabling the audio track', async () => {
    const media = new LocalMedia(fakeGetUserMedia());
    await media.start();
    media.setMicMuted(true);
    expect(media.audioTrack?.enabled).toBe(false);
    expect(media.state().micMuted).toBe(true);
    media.setMicMuted(false);
    expect(media.audioTrack?.enabled).toBe(true);
  });

  it('releases the camera when turned off and opens it again when turned on', async () => {
    const devices = fakeGetUserMedia();
    const media = new LocalMedia(devices);
    await media.start();
    const first = media.videoTrack as unknown as FakeTrack;
    await media.setCameraOff(true);
    expect(first.readyState).toBe('ended');
    expect(media.cameraStream.getVideoTracks()).toHaveLength(0);
    await media.setCameraOff(false);
    expect(media.videoTrack).not.toBeNull();
    expect(media.videoTrack).not.toBe(first);
    expect(media.cameraStream.getVideoTracks()).toHaveLength(1);
  });

  it('ends the share by itself when capture ends from outside (browser bar "Stop sharing")', async () => {
    const media = new LocalMedia(fakeGetUserMedia());
    const track = new FakeTrack('video');
    const changes = vi.fn();
    media.on('changed', changes);
    media.startScreenShare(new FakeStream([track]) as unknown as MediaStream);
    expect(track.contentHint).toBe('detail');
    expect(media.state().screenStreamId).not.toBeNull();
    track.end();
    expect(media.screenStream).toBeNull();
    expect(media.state().screenStreamId).toBeNull();
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('forgets a device that is unplugged mid-call', async () => {
    const media = new LocalMedia(fakeGetUserMedia());
    await media.start();
    (media.audioTrack as unknown as FakeTrack).end();
    expect(media.audioTrack).toBeNull();
    expect(media.state().micMuted).toBe(true);
  });
});

describe('describeMediaError', () => {
  it.each([
    ['NotReadableError', 'The camera is in use by another application or could not be started.'],
    ['OverconstrainedError', 'No camera was found.'],
    ['TypeError', 'The camera could not be started.'],
    [
      'InsecureContextError',
      'This address is not secure, so the browser does not allow the camera. You can still see and hear the others. Use an https:// address or localhost to send your own.',
    ],
  ])('explains %s', (name, sentence) => {
    expect(inWords(describeMediaError(new DOMException('x', name), 'camera'))).toBe(sentence);
  });
});
