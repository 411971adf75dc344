/**
 * A guest opening an invite link on a server that asks for the workspace access code: the code can
 * come in the link's fragment (never sent to the server in a URL, gone from the address bar once read),
 * and a link that names the room still takes the guest there once the code is accepted, however long
 * typing it took.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVICES } from '../../renderer/src/services';
import { accessCodeFor, createStorageArea } from '../../renderer/src/services/storage';
import { useRoomStore } from '../../renderer/src/stores/room';
import App from '../../renderer/src/App.vue';
import type { HandshakeIdentity } from '../../renderer/src/services/signaling-client';
import HomeView from '../../renderer/src/views/HomeView.vue';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';

let client: FakeSignalingClient;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  client = new FakeSignalingClient();
  client.status = 'connecting';
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

function mountHome(storage = { local: createStorageArea(null), session: createStorageArea(null) }) {
  const services = fakeServices({ connectSignaling: () => client, storage });
  return mount(HomeView, { global: { plugins: [piniaWith(services)], provide: { [SERVICES]: services } } });
}

describe('a room link on a server that asks for the access code', () => {
  it('takes the guest to the room once the code typed is accepted, however long that took', async () => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/?room=standup&name=Ada');
    const wrapper = mountHome();
    await flushPromises();
    client.serverEmit('connection:refused', {
      code: 'ACCESS_DENIED',
      message: 'This server needs the workspace access code.',
    });
    await flushPromises();
    // Finding the code takes a while: longer than any request's timeout.
    await vi.advanceTimersByTimeAsync(120_000);

    await wrapper.get('#access-code').setValue('s3cret');
    await wrapper.get('form.code').trigger('submit');
    expect(client.retries).toBe(1);
    client.serverEmit('connection:status', 'connected');
    await flushPromises();

    expect(client.joins).toEqual([{ room: 'standup', name: 'Ada' }]);
    expect(useRoomStore().phase).toBe('in-room');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('takes the code from the fragment, out of the address bar, and connects with it', async () => {
    window.history.replaceState(null, '', '/?room=standup&name=Ada#code=orange-42');
    const storage = { local: createStorageArea(null), session: createStorageArea(null) };
    let identity: (() => HandshakeIdentity) | null = null;
    const services = fakeServices({
      connectSignaling: (_url, handshake) => {
        identity = handshake;
        return client;
      },
      storage,
    });
    mount(App, { global: { plugins: [piniaWith(services)], provide: { [SERVICES]: services } } });
    await flushPromises();

    expect(window.location.href).not.toContain('orange-42');
    expect(window.location.search).toBe('?room=standup&name=Ada');
    expect(identity!().accessCode).toBe('orange-42');
    // Remembered for this server: a reload, with the fragment gone, still has it.
    expect(storage.local.read(accessCodeFor('http://127.0.0.1:4780'))).toBe('orange-42');
  });
});

describe("a room link to a desktop host's lobby", () => {
  it('says the guest waits for the host, asks for no code meanwhile, and lands in the room once let in', async () => {
    window.history.replaceState(null, '', '/?room=standup&name=Ada#code=k7mp-q2xw-9fhd');
    const wrapper = mountHome();
    await flushPromises();
    client.serverEmit('connection:refused', {
      code: 'WAITING_FOR_HOST',
      message: 'Waiting for the host to let you in…',
    });
    await flushPromises();
    expect(wrapper.get('.server [role="status"]').text()).toBe('Waiting for the host to let you in…');
    expect(wrapper.find('#access-code').exists()).toBe(false);

    client.serverEmit('connection:status', 'connected');
    await flushPromises();
    expect(useRoomStore().phase).toBe('in-room');
  });

  it('tells a guest the host turned away so, with no code form to try again', async () => {
    window.history.replaceState(null, '', '/?room=standup&name=Ada');
    const wrapper = mountHome();
    await flushPromises();
    client.serverEmit('connection:refused', {
      code: 'WAITING_FOR_HOST',
      message: 'Waiting for the host to let you in…',
    });
    client.serverEmit('connection:refused', { code: 'NOT_LET_IN', message: 'The host did not let you in.' });
    client.serverEmit('connection:status', 'disconnected');
    await flushPromises();
    expect(wrapper.get('.server [role="alert"]').text()).toBe('The host did not let you in.');
    expect(wrapper.find('#access-code').exists()).toBe(false);
    expect(useRoomStore().phase).toBe('idle');
  });
});
