import { beforeEach, describe, expect, it, vi } from 'vitest';
import { groupDevices } from '../../renderer/src/rtc/devices';
import { LocalMedia } from '../../renderer/src/rtc/local-tracks';
import type { FakeTrack } from '../fakes/dom/media';
import { FakeStream, fakeGetUserMedia } from '../fakes/dom/media';

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
});

describe('switching devices', () => {
  it('opens the chosen microphone exactly, swaps it into the same stream and keeps the mute', async () => {
    const devices = fakeGetUserMedia();
    const media = new LocalMedia(devices);
    await media.start();
    media.setMicMuted(true);
    const old = media.audioTrack as unknown as FakeTrack;
    const streamId = media.cameraStream.id;
    expect(await media.useDevice('audio', 'usb-mic')).toBeNull();
    expect(devices.calls.at(-1)).toEqual({ audio: { deviceId: { exact: 'usb-mic' } } });
    expect(old.readyState).toBe('ended');
    expect(media.audioTrack).not.toBe(old);
    expect(media.audioTrack?.enabled).toBe(false);
    expect(media.cameraStream.id).toBe(streamId);
    expect(media.cameraStream.getAudioTracks()).toEqual([media.audioTrack]);
  });

  it('keeps the current camera when the new one cannot be opened', async () => {
    const media = new LocalMedia(fakeGetUserMedia());
    await media.start();
    const camera = media.videoTrack;
    const failing = new LocalMedia(fakeGetUserMedia({ video: 'NotReadableError' }));
    (failing as unknown as { videoTrack: unknown }).videoTrack = camera;
    expect(await failing.useDevice('video', 'busy-cam')).toEqual({ reason: 'inUse', device: 'camera' });
    expect(failing.videoTrack).toBe(camera);
    expect((camera as unknown as FakeTrack).readyState).toBe('live');
  });

  it('with the camera off, remembers the choice and opens that camera when turned on', async () => {
    const devices = fakeGetUserMedia();
    const media = new LocalMedia(devices);
    await media.start();
    await media.setCameraOff(true);
    expect(await media.useDevice('video', 'side-cam')).toBeNull();
    expect(media.videoTrack).toBeNull();
    await media.setCameraOff(false);
    expect(devices.calls.at(-1)?.video).toMatchObject({ deviceId: { ideal: 'side-cam' } });
  });

  it('falls back to another microphone when the one in use is unplugged', async () => {
    const devices = fakeGetUserMedia();
    const media = new LocalMedia(devices);
    await media.start();
    const unplugged = media.audioTrack as unknown as FakeTrack;
    unplugged.end();
    await vi.waitFor(() => expect(media.audioTrack).not.toBeNull());
    expect(media.audioTrack).not.toBe(unplugged);
    expect(devices.calls.at(-1)).toEqual({ audio: true });
  });

  it('starts on the devices remembered from last time, accepting others if they are gone', async () => {
    const devices = fakeGetUserMedia();
    await new LocalMedia(devices, { audio: 'usb-mic' }).start();
    expect(devices.calls[0]?.audio).toEqual({ deviceId: { ideal: 'usb-mic' } });
  });
});

describe('groupDevices', () => {
  it('groups by kind and names unlabelled devices', () => {
    const lists = groupDevices([
      { deviceId: 'default', kind: 'audioinput', label: 'Default - Headset' },
      { deviceId: 'a2', kind: 'audioinput', label: '' },
      { deviceId: 'v1', kind: 'videoinput', label: 'Integrated Camera' },
      { deviceId: 'o1', kind: 'audiooutput', label: '' },
      { deviceId: '', kind: 'videoinput', label: '' },
    ]);
    expect(lists.audioinput.map((d) => d.label)).toEqual(['Default - Headset', 'Microphone 2']);
    expect(lists.videoinput).toEqual([{ deviceId: 'v1', label: 'Integrated Camera' }]);
    expect(lists.audiooutput).toEqual([{ deviceId: 'o1', label: 'Speaker 1' }]);
  });
});
