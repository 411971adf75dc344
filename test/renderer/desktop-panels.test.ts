import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { HostingStatus, LanHost } from '../../common/ipc';
import { err, ok } from '../../common/result';
import type { NearcastBridge } from '../../electron/preload/bridge';
import HostingPanel from '../../renderer/src/components/HostingPanel.vue';
import LanHosts from '../../renderer/src/components/LanHosts.vue';

const INFO = {
  urls: ['http://192.168.1.20:4780/', 'http://10.0.0.7:4780/'],
  qrDataUrl: 'data:image/png;base64,QR',
  port: 4780,
};

/** A bridge whose events the test fires by hand; every call is a spy with a harmless default. */
function fakeBridge() {
  const listeners = {
    hosting: new Set<(status: HostingStatus) => void>(),
    lan: new Set<(hosts: LanHost[]) => void>(),
  };
  const bridge = {
    startHosting: vi.fn(() => Promise.resolve(ok(INFO))),
    stopHosting: vi.fn(() => Promise.resolve(ok(null))),
    getHostingStatus: vi.fn(() => Promise.resolve(ok<HostingStatus>({ active: false }))),
    onHostingChanged: vi.fn((listener: (status: HostingStatus) => void) => {
      listeners.hosting.add(listener);
      return () => listeners.hosting.delete(listener);
    }),
    listLanHosts: vi.fn(() => Promise.resolve(ok<LanHost[]>([]))),
    onLanHostsChanged: vi.fn((listener: (hosts: LanHost[]) => void) => {
      listeners.lan.add(listener);
      return () => listeners.lan.delete(listener);
    }),
  };
  return { bridge, listeners, asBridge: bridge as unknown as NearcastBridge };
}

function buttonNames(wrapper: ReturnType<typeof mount>): string[] {
  return wrapper.findAll('button').map((button) => button.text());
}

describe('HostingPanel', () => {
  it('starts hosting on click and shows the URLs and a described QR code', async () => {
    const { bridge, asBridge } = fakeBridge();
    const wrapper = mount(HostingPanel, { props: { bridge: asBridge } });
    await flushPromises();
    expect(buttonNames(wrapper)).toEqual(['Host on this computer']);
    expect(wrapper.find('img').exists()).toBe(false);

    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(bridge.startHosting).toHaveBeenCalledWith({});
    expect(wrapper.findAll('code').map((code) => code.text())).toEqual(INFO.urls);
    const qr = wrapper.get('img');
    expect(qr.attributes('src')).toBe(INFO.qrDataUrl);
    expect(qr.attributes('alt')).toBe('QR code for http://192.168.1.20:4780/');
    expect(buttonNames(wrapper)).toEqual(['Stop hosting']);
  });

  it('asks for the typed port and refuses one outside 1024–65535 without calling main', async () => {
    const { bridge, asBridge } = fakeBridge();
    const wrapper = mount(HostingPanel, { props: { bridge: asBridge } });
    await wrapper.get('#hosting-port').setValue('80');
    await wrapper.get('button').trigger('click');
    expect(bridge.startHosting).not.toHaveBeenCalled();
    expect(wrapper.get('[role="alert"]').text()).toContain('between 1024 and 65535');

    await wrapper.get('#hosting-port').setValue('4781');
    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(bridge.startHosting).toHaveBeenCalledWith({ port: 4781 });
  });

  it("shows main's message when the port is taken", async () => {
    const { bridge, asBridge } = fakeBridge();
    bridge.startHosting.mockResolvedValueOnce(err('UNAVAILABLE', 'Port 4780 is already in use.') as never);
    const wrapper = mount(HostingPanel, { props: { bridge: asBridge } });
    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Port 4780 is already in use.');
    expect(buttonNames(wrapper)).toEqual(['Host on this computer']);
  });

  it('follows status pushed by main, stops on click, and unsubscribes when unmounted', async () => {
    const { bridge, listeners, asBridge } = fakeBridge();
    const wrapper = mount(HostingPanel, { props: { bridge: asBridge } });
    await flushPromises();
    for (const listener of listeners.hosting) listener({ active: true, ...INFO });
    await flushPromises();
    expect(buttonNames(wrapper)).toEqual(['Stop hosting']);

    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(bridge.stopHosting).toHaveBeenCalledOnce();
    expect(buttonNames(wrapper)).toEqual(['Host on this computer']);

    wrapper.unmount();
    expect(listeners.hosting.size).toBe(0);
  });

  it('shows the current status when it opens while already hosting', async () => {
    const { bridge, asBridge } = fakeBridge();
    bridge.getHostingStatus.mockResolvedValueOnce(ok<HostingStatus>({ active: true, ...INFO }));
    const wrapper = mount(HostingPanel, { props: { bridge: asBridge } });
    await flushPromises();
    expect(buttonNames(wrapper)).toEqual(['Stop hosting']);
  });
});

describe('LanHosts', () => {
  const host: LanHost = {
    id: 'Nearcast-b._nearcast._tcp.local',
    name: 'Bob desktop',
    version: '0.1.0',
    accessCode: true,
    fingerprint: null,
    address: '192.168.1.30',
    port: 4780,
    url: 'http://192.168.1.30:4780/',
  };

  it('lists hosts found so far and updates live', async () => {
    const { bridge, listeners, asBridge } = fakeBridge();
    bridge.listLanHosts.mockResolvedValueOnce(ok([host]));
    const wrapper = mount(LanHosts, { props: { bridge: asBridge } });
    await flushPromises();
    expect(wrapper.get('li').text()).toContain('Bob desktop');
    expect(wrapper.get('li').text()).toContain('http://192.168.1.30:4780/');
    expect(wrapper.get('li').text()).toContain('Access code required');

    for (const listener of listeners.lan) listener([]);
    await flushPromises();
    expect(wrapper.findAll('li')).toHaveLength(0);
    expect(wrapper.text()).toContain('No other Nearcast host found yet.');
    wrapper.unmount();
    expect(listeners.lan.size).toBe(0);
  });
});
