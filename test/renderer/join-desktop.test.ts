import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import type { LanHost } from '../../common/ipc';
import { ok } from '../../common/result';
import { SERVICES } from '../../renderer/src/services';
import HomeView from '../../renderer/src/views/HomeView.vue';
import { fakeBridge, HOSTING_INFO } from '../fakes/dom/bridge';
import { fakeServices, fakeWindow } from '../fakes/dom/services';

const host: LanHost = {
  id: 'Nearcast-b._nearcast._tcp.local',
  name: 'Bob desktop',
  version: '0.1.0',
  accessCode: false,
  fingerprint: null,
  address: '192.168.1.30',
  port: 4780,
  url: 'http://192.168.1.30:4780/',
};

/** Home with real stores over the platform of `win` (a browser, or the app when it has a bridge). */
function mountHome(win: Window) {
  return mount(HomeView, {
    global: { plugins: [createPinia()], provide: { [SERVICES]: fakeServices({ win }) } },
  });
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('HomeView in the desktop app', () => {
  it('offers hosting and the LAN hosts only in the app, and hosts for real through main', async () => {
    expect(mountHome(fakeWindow().win).text()).not.toContain('Host on this computer');

    const { bridge, channels } = fakeBridge();
    bridge.listLanHosts.mockResolvedValueOnce(ok([host]));
    const wrapper = mountHome(fakeWindow({ bridge }).win);
    await flushPromises();
    expect(wrapper.text()).toContain('Hosts on this network');
    expect(wrapper.find('button[aria-label="Connect to Bob desktop"]').exists()).toBe(true);

    const hostButton = wrapper.findAll('button').find((b) => b.text() === 'Host on this computer');
    await hostButton!.trigger('click');
    await flushPromises();
    expect(bridge.startHosting).toHaveBeenCalledWith({});
    expect(wrapper.findAll('.hosting .urls code').map((code) => code.text())).toEqual(HOSTING_INFO.urls);

    channels.lan.fire([]);
    await flushPromises();
    expect(wrapper.text()).toContain('No other Nearcast host found yet.');
  });

  it('a nearcast://join link fills in the room; a call link leaves the form alone', async () => {
    const { bridge, channels } = fakeBridge();
    const wrapper = mountHome(fakeWindow({ bridge }).win);
    channels.deepLink.fire({ kind: 'join', room: 'standup' });
    channels.deepLink.fire({ kind: 'call', device: 'dev-1' });
    await flushPromises();
    expect((wrapper.get('#room-name').element as HTMLInputElement).value).toBe('standup');
  });
});
