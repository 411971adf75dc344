/**
 * The invite link a room shows is one another machine can open: never the app's own loopback page,
 * the LAN address while the app hosts (with the host's access code), and a workspace's access code only
 * when the inviter adds it.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RoomHeader from '../../renderer/src/components/room/RoomHeader.vue';
import { SERVICES, type Services } from '../../renderer/src/services';
import { accessCodeFor, createStorageArea } from '../../renderer/src/services/storage';
import { useRoomStore } from '../../renderer/src/stores/room';
import { fakeBridge, HOSTING_INFO } from '../fakes/dom/bridge';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
});
afterEach(() => vi.unstubAllGlobals());

/** The header of room "standup", entered for real through the stores over `services`. */
async function headerIn(services: Services) {
  const pinia = piniaWith(services);
  expect(await useRoomStore(pinia).join('standup', 'Ada')).toBe(true);
  const wrapper = mount(RoomHeader, { global: { plugins: [pinia], provide: { [SERVICES]: services } } });
  await flushPromises();
  return wrapper;
}

const linkIn = (wrapper: Awaited<ReturnType<typeof headerIn>>) =>
  wrapper.find<HTMLInputElement>('#invite-link').exists()
    ? wrapper.get<HTMLInputElement>('#invite-link').element.value
    : null;

describe('the invite link of a room', () => {
  it('in the app on its own server: no loopback link, the LAN address once it hosts', async () => {
    const { bridge, channels } = fakeBridge('http://127.0.0.1:51234');
    const client = new FakeSignalingClient();
    const wrapper = await headerIn(
      fakeServices({ win: fakeWindow({ bridge }).win, connectSignaling: () => client }),
    );

    expect(linkIn(wrapper)).toBeNull();
    expect(wrapper.text()).toContain('turn on "Host on this computer"');

    channels.hosting.fire({ active: true, ...HOSTING_INFO });
    await flushPromises();
    // Over HTTPS, with the host's access code: what a guest needs to come in, as in the QR code.
    expect(linkIn(wrapper)).toBe('https://192.168.1.20:4780/?room=standup#code=k7mp-q2xw-9fhd');

    channels.hosting.fire({
      active: true,
      ...HOSTING_INFO,
      accessCode: null,
      joinUrl: HOSTING_INFO.urls[0]!,
    });
    await flushPromises();
    expect(linkIn(wrapper)).toBe('https://192.168.1.20:4780/?room=standup');
  });

  it('in a browser on the LAN: its address, with the access code only when the inviter adds it', async () => {
    const origin = 'https://192.168.1.5:4780';
    const storage = { local: createStorageArea(null), session: createStorageArea(null) };
    storage.local.write(accessCodeFor(origin), 'orange-42');
    const client = new FakeSignalingClient();
    const wrapper = await headerIn(
      fakeServices({ win: fakeWindow({ origin }).win, connectSignaling: () => client, storage }),
    );

    expect(linkIn(wrapper)).toBe('https://192.168.1.5:4780/?room=standup');
    await wrapper.get('.with-code input').setValue(true);
    expect(linkIn(wrapper)).toBe('https://192.168.1.5:4780/?room=standup#code=orange-42');
  });

  it('in a browser on the server itself by loopback: says how to get a link others can open', async () => {
    const client = new FakeSignalingClient();
    const wrapper = await headerIn(
      fakeServices({
        win: fakeWindow({ origin: 'http://localhost:4780' }).win,
        connectSignaling: () => client,
      }),
    );

    expect(linkIn(wrapper)).toBeNull();
    expect(wrapper.text()).toContain('open Nearcast by its network address');
  });
});
