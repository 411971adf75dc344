/**
 * Answering a call with your camera in view: the ringing panel opens camera and microphone where the
 * page may capture, shows the camera, and its switches act on them. Accepting hands them to the call
 * (opened once, still live); declining or a ring that ends unanswered gives them back (no light left
 * on); a ring in a background tab waits to be seen; on plain http nothing is asked and the
 * switches say why; a ring during a call leaves that call's devices alone. Real stores over a scripted server and fake devices.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import IncomingCall from '../../renderer/src/components/IncomingCall.vue';
import { SERVICES } from '../../renderer/src/services';
import { useCallsStore } from '../../renderer/src/stores/calls';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useSessionStore } from '../../renderer/src/stores/session';
import { fakeGetUserMedia, fakeMediaDevices, FakeStream, type FakeTrack } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';

const CALL = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const SECOND = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const BOB = { deviceId: 'bob-device-1', name: 'Bob' };

// jsdom's srcObject accepts only its own MediaStream, which it does not implement: keep what is set.
const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
let client: FakeSignalingClient;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  const kept = new WeakMap<HTMLMediaElement, unknown>();
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    get(this: HTMLMediaElement) {
      return kept.get(this) ?? null;
    },
    set(this: HTMLMediaElement, value: unknown) {
      kept.set(this, value);
    },
  });
  client = new FakeSignalingClient();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  if (srcObject) Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', srcObject);
  document.body.replaceChildren();
});

/** Ada at Home, connected, with Bob's call ringing; every track the devices hand out is kept. */
async function ringing({ secure = true, hidden = false } = {}) {
  const devices = fakeGetUserMedia();
  const tracks: FakeTrack[] = [];
  const getUserMedia = async (constraints: MediaStreamConstraints): Promise<MediaStream> => {
    const stream = await devices.getUserMedia(constraints);
    tracks.push(...(stream as unknown as FakeStream).getTracks());
    return stream;
  };
  const services = fakeServices({
    win: fakeWindow({ secure, mediaDevices: fakeMediaDevices({ getUserMedia }) }).win,
    connectSignaling: () => client,
  });
  const pinia = piniaWith(services);
  setActivePinia(pinia);
  const session = useSessionStore();
  expect(await session.setIdentity('Ada')).toBeNull();
  client.listed = [{ deviceId: session.deviceId, name: 'Ada', status: 'available' }];
  useCallsStore().attach(await session.connect());
  await vi.waitFor(() => expect(session.registered).toBe(true));
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(hidden ? 'hidden' : 'visible');
  client.serverEmit('call:ringing', { callId: CALL, from: BOB });
  const wrapper = mount(IncomingCall, {
    attachTo: document.body,
    global: { plugins: [pinia], provide: { [SERVICES]: services } },
  });
  await flushPromises();
  return { wrapper, opened: devices.calls, tracks };
}

function button(wrapper: Awaited<ReturnType<typeof ringing>>['wrapper'], name: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

const live = (tracks: FakeTrack[]) => tracks.filter((t) => t.readyState === 'live').map((t) => t.kind);

describe('answering a call with your camera in view', () => {
  it('shows the camera while it rings, and the call goes on with the same devices, opened once', async () => {
    const { wrapper, opened, tracks } = await ringing();
    const media = useMediaStore();
    const video = wrapper.get<HTMLVideoElement>('figure[aria-label="Your camera"] video');
    expect(video.element.srcObject).toBe(media.cameraStream);
    expect(live(tracks).sort()).toEqual(['audio', 'video']);
    const engine = media.engine;

    await button(wrapper, 'Accept').trigger('click');
    await flushPromises();
    expect(useRoomStore().phase).toBe('in-room');
    expect(client.accepted).toEqual([CALL]);
    expect(opened).toHaveLength(1);
    expect(media.engine).toBe(engine);
    expect(live(tracks).sort()).toEqual(['audio', 'video']);
  });

  it('switched off there, the camera closes at once and the call is answered without it', async () => {
    const { wrapper, opened, tracks } = await ringing();
    const media = useMediaStore();
    await wrapper.get('#incoming-camera').setValue(false);
    await wrapper.get('#incoming-mic').setValue(false);
    await flushPromises();
    expect(live(tracks)).toEqual(['audio']);
    expect(wrapper.find('figure[aria-label="Your camera"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Your camera is off');

    await button(wrapper, 'Accept').trigger('click');
    await flushPromises();
    expect(useRoomStore().phase).toBe('in-room');
    expect([media.micMuted, media.cameraOff]).toEqual([true, true]);
    expect(opened).toHaveLength(1);
    expect(live(tracks)).toEqual(['audio']);
  });

  it('declining gives camera and microphone back', async () => {
    const { wrapper, tracks } = await ringing();
    await button(wrapper, 'Decline').trigger('click');
    await flushPromises();
    expect(client.declined).toEqual([CALL]);
    expect(useMediaStore().engine).toBeNull();
    expect(live(tracks)).toEqual([]);
  });

  it('a ring that ends unanswered (a missed call) gives them back too', async () => {
    const { tracks } = await ringing();
    client.serverEmit('call:ended', { callId: CALL, reason: 'timeout' });
    await flushPromises();
    expect(useCallsStore().missed.map((m) => m.name)).toEqual(['Bob']);
    expect(useMediaStore().engine).toBeNull();
    expect(live(tracks)).toEqual([]);
  });

  it('keeps the camera for the next call waiting when the first is declined', async () => {
    const { wrapper, opened, tracks } = await ringing();
    client.serverEmit('call:ringing', { callId: SECOND, from: { deviceId: 'cy-device', name: 'Cy' } });
    await button(wrapper, 'Decline').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Cy is calling');
    expect(live(tracks).sort()).toEqual(['audio', 'video']);
    expect(opened).toHaveLength(1);
  });

  it('in a tab in the background waits until the page is in view before opening them', async () => {
    const { wrapper, opened } = await ringing({ hidden: true });
    expect(opened).toEqual([]);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(opened).toHaveLength(1);
    expect(wrapper.find('figure[aria-label="Your camera"]').exists()).toBe(true);
  });

  it('on plain http asks for nothing, says why on the switches, and still answers', async () => {
    const { wrapper, opened } = await ringing({ secure: false });
    expect(opened).toEqual([]);
    const reason = wrapper.get('.off');
    expect(reason.text()).toBe('Needs a secure (https://) address');
    for (const id of ['#incoming-mic', '#incoming-camera']) {
      const toggle = wrapper.get<HTMLInputElement>(id);
      expect(toggle.element.disabled).toBe(true);
      expect(toggle.attributes('aria-describedby')).toBe(reason.attributes('id'));
      expect(toggle.attributes('title')).toBe('Needs a secure (https://) address');
    }
    await button(wrapper, 'Accept').trigger('click');
    await flushPromises();
    expect(useRoomStore().phase).toBe('in-room');
    expect(opened).toEqual([]);
  });

  it('ringing during a call leaves that call’s camera and microphone alone', async () => {
    const { wrapper, opened, tracks } = await ringing();
    await button(wrapper, 'Accept').trigger('click');
    await flushPromises();
    client.serverEmit('call:ringing', { callId: SECOND, from: { deviceId: 'cy-device', name: 'Cy' } });
    await flushPromises();
    expect(wrapper.find('figure[aria-label="Your camera"]').exists()).toBe(false);
    await wrapper.get('#incoming-camera').setValue(false);
    expect(useMediaStore().cameraOff).toBe(false);
    await button(wrapper, 'Decline').trigger('click');
    await flushPromises();
    expect(useRoomStore().phase).toBe('in-room');
    expect(opened).toHaveLength(1);
    expect(live(tracks).sort()).toEqual(['audio', 'video']);
  });
});
