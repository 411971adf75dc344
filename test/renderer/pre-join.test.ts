import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVICES } from '../../renderer/src/services';
import { createStorageArea, DISPLAY_NAME } from '../../renderer/src/services/storage';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import HomeView from '../../renderer/src/views/HomeView.vue';
import { fakeMediaDevices, FakeStream } from '../fakes/dom/media';
import { fakeServices, fakeWindow } from '../fakes/dom/services';

// jsdom's srcObject accepts only its own MediaStream, which it does not implement: keep what is set.
const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
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
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  vi.unstubAllGlobals();
  if (srcObject) Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', srcObject);
  document.body.replaceChildren();
});

const mediaDevices = fakeMediaDevices();

/** Home with real media (Chromium's fake devices stand in) and the room's actions recorded. */
function home(secure = true) {
  const storage = { local: createStorageArea(null), session: createStorageArea(null) };
  storage.local.write(DISPLAY_NAME, 'Ada');
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { status: 'connected', name: 'Ada' } },
    stubActions: (_action, store) => store.$id === 'room',
  });
  const wrapper = mount(HomeView, {
    attachTo: document.body,
    global: {
      plugins: [pinia],
      provide: { [SERVICES]: fakeServices({ storage, win: fakeWindow({ secure, mediaDevices }).win }) },
    },
  });
  return wrapper;
}

async function askToJoin(wrapper: ReturnType<typeof home>, room = 'standup') {
  await wrapper.get('#room-name').setValue(room);
  await wrapper.get('#room-form').trigger('submit');
  await flushPromises();
}

describe('before joining a room', () => {
  it('shows the camera, the microphone level and the devices, with the camera and microphone on', async () => {
    const wrapper = home();
    await askToJoin(wrapper);
    const prejoin = wrapper.get('[aria-labelledby="prejoin-title"]');
    expect(prejoin.get('#prejoin-title').text()).toBe('Ready to join standup?');
    expect(useMediaStore().engine).not.toBeNull();
    expect(prejoin.find('figure[aria-label="Your camera"] video').exists()).toBe(true);
    expect(prejoin.find('label[for="device-audioinput"]').text()).toBe('Microphone');
    expect(prejoin.find('label[for="device-videoinput"]').text()).toBe('Camera');
    const mic = prejoin.get<HTMLInputElement>('#prejoin-mic');
    const camera = prejoin.get<HTMLInputElement>('#prejoin-camera');
    expect([mic.element.checked, camera.element.checked]).toEqual([true, true]);
    expect(useRoomStore().join).not.toHaveBeenCalled();
  });

  it('joins muted with the camera off when chosen there', async () => {
    const wrapper = home();
    await askToJoin(wrapper);
    await wrapper.get('#prejoin-mic').setValue(false);
    await wrapper.get('#prejoin-camera').setValue(false);
    await flushPromises();
    expect(useMediaStore().micMuted).toBe(true);
    expect(useMediaStore().cameraOff).toBe(true);
    expect(wrapper.find('figure[aria-label="Your camera"] video').exists()).toBe(false);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Join now')!
      .trigger('click');
    expect(useRoomStore().join).toHaveBeenCalledWith('standup', 'Ada', undefined, false);
  });

  it('gives the devices back when cancelled, and joins nothing', async () => {
    const wrapper = home();
    await askToJoin(wrapper);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Cancel')!
      .trigger('click');
    expect(useMediaStore().engine).toBeNull();
    expect(wrapper.find('[aria-labelledby="prejoin-title"]').exists()).toBe(false);
    expect(useRoomStore().join).not.toHaveBeenCalled();
  });

  it('says what is wrong with the room name before opening anything', async () => {
    const wrapper = home();
    await askToJoin(wrapper, 'a/b');
    expect(wrapper.find('[aria-labelledby="prejoin-title"]').exists()).toBe(false);
    expect(useMediaStore().engine).toBeNull();
    expect(wrapper.get('#room-form [role="alert"]').text()).toMatch(/letters, digits/);
  });

  it('on plain http (a LAN guest) says why there is no camera, asks for none, and still joins', async () => {
    const getUserMedia = vi.spyOn(mediaDevices, 'getUserMedia');
    const wrapper = home(false);
    await askToJoin(wrapper);
    const prejoin = wrapper.get('[aria-labelledby="prejoin-title"]');
    expect(prejoin.find('figure').exists()).toBe(false);
    expect(prejoin.find('#prejoin-mic').exists()).toBe(false);
    expect(prejoin.get('[role="status"]').text()).toMatch(/secure|https/i);
    expect(getUserMedia).not.toHaveBeenCalled();
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Join now')!
      .trigger('click');
    expect(useRoomStore().join).toHaveBeenCalledWith('standup', 'Ada', undefined, false);
  });
});
