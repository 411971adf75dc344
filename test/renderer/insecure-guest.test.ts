/**
 * A LAN guest on plain http: the browser hides camera, microphone and screen capture there. The guest
 * still joins; nothing asks for a device that cannot exist, the reason is said once, and the controls
 * that cannot work are disabled with that reason attached.
 */
import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';
import CaptureBlocked from '../../renderer/src/components/room/CaptureBlocked.vue';
import { useMediaStore } from '../../renderer/src/stores/media';
import { fakeGetUserMedia, fakeMediaDevices, FakeStream } from '../fakes/dom/media';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { withLocale } from './i18n';

let asked: MediaStreamConstraints[];
let displayAsked: number;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  const camera = fakeGetUserMedia();
  asked = camera.calls;
  displayAsked = 0;
  const mediaDevices = fakeMediaDevices({
    getUserMedia: camera.getUserMedia,
    getDisplayMedia: async () => {
      displayAsked += 1;
      throw new DOMException('no', 'NotAllowedError');
    },
  });
  const { win } = fakeWindow({ secure: false, origin: 'http://10.0.0.5:4780', mediaDevices });
  setActivePinia(piniaWith(fakeServices({ win })));
});
afterEach(() => vi.unstubAllGlobals());

describe('media on an insecure page', () => {
  it('knows capture is blocked, asks for no device and reports no device failure', async () => {
    const media = useMediaStore();
    expect(media.captureAllowed).toBe(false);
    await media.start();
    expect(asked).toEqual([]);
    expect(media.problems).toEqual([]);
    expect(media.hasMicrophone).toBe(false);
    expect(media.cameraOff).toBe(true);
  });

  it('does not try to share a screen or turn the camera on', async () => {
    const media = useMediaStore();
    await media.start();
    expect(await media.startShare()).toBe(false);
    await media.toggleCamera();
    expect(displayAsked).toBe(0);
    expect(asked).toEqual([]);
    expect(media.problems).toEqual([]);
  });

  it('still captures on a secure page', async () => {
    setActivePinia(piniaWith(fakeServices({ win: fakeWindow({ secure: true }).win })));
    const media = useMediaStore();
    expect(media.captureAllowed).toBe(true);
    await media.start();
    expect(media.hasMicrophone).toBe(true);
  });
});

describe('the guest sees why, once', () => {
  const pinia = () =>
    createTestingPinia({
      createSpy: vi.fn,
      initialState: { media: { captureAllowed: false, cameraOff: true } },
    });

  it('disables mute, camera and share, each pointing at the explanation', () => {
    const bar = mount(ControlBar, { global: { plugins: [pinia()] } });
    const buttons = bar.findAll('button');
    for (const name of ['Mute', 'Camera on', 'Share screen']) {
      const button = buttons.find((b) => b.text() === name)!;
      expect(button.attributes('disabled'), name).toBeDefined();
      expect(button.attributes('aria-describedby'), name).toBe('capture-blocked');
    }
    const chat = buttons.find((b) => b.text() === 'Chat')!;
    expect(chat.attributes('disabled')).toBeUndefined();
  });

  it('explains calmly, and names the https address when there is one', () => {
    const plain = mount(CaptureBlocked, { props: { secureAddress: null } });
    expect(plain.get('#capture-blocked').attributes('role')).toBe('status');
    expect(plain.text()).toMatch(/not secure/);
    expect(plain.text()).toMatch(/camera, microphone or screen/);
    expect(plain.text()).toMatch(/see and hear everyone, chat and receive files/);
    expect(plain.find('a').exists()).toBe(false);

    const address = 'https://10.0.0.5:4781/?room=standup';
    const linked = mount(CaptureBlocked, { props: { secureAddress: address } });
    expect(linked.get('a').attributes('href')).toBe(address);
  });

  it('says it in French too', () => {
    const french = mount(CaptureBlocked, {
      props: { secureAddress: null },
      global: { plugins: [withLocale('fr')] },
    });
    expect(french.text()).toMatch(/caméra, votre micro/);
  });
});
