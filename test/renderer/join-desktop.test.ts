import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeepLink, HostingStatus, LanHost } from '../../common/ipc';
import { ok } from '../../common/result';
import type { NearcastBridge } from '../../electron/preload/bridge';
import { installServices, type Services } from '../../renderer/src/services';
import HomeView from '../../renderer/src/views/HomeView.vue';

function install(bridge: NearcastBridge | null): void {
  installServices({ platform: { bridge } } as unknown as Services);
}

function mountJoin() {
  return mount(HomeView, { global: { plugins: [createTestingPinia({ createSpy: vi.fn })] } });
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
  localStorage.clear();
});

describe('HomeView in the desktop app', () => {
  it('offers hosting and the LAN hosts list only when the desktop bridge exists', async () => {
    install(null);
    expect(mountJoin().text()).not.toContain('Host on this computer');

    const deepLinks = new Set<(link: DeepLink) => void>();
    const bridge = {
      onDeepLink: vi.fn((listener: (link: DeepLink) => void) => {
        deepLinks.add(listener);
        return () => deepLinks.delete(listener);
      }),
      getHostingStatus: () => Promise.resolve(ok<HostingStatus>({ active: false })),
      onHostingChanged: () => () => undefined,
      listLanHosts: () => Promise.resolve(ok<LanHost[]>([])),
      onLanHostsChanged: () => () => undefined,
    };
    install(bridge as unknown as NearcastBridge);
    const wrapper = mountJoin();
    await flushPromises();
    expect(wrapper.findAll('button').map((b) => b.text())).toContain('Host on this computer');
    expect(wrapper.text()).toContain('Hosts on this network');

    // A nearcast://join link prefills the room; a call link leaves the form alone.
    for (const listener of deepLinks) listener({ kind: 'join', room: 'standup' });
    for (const listener of deepLinks) listener({ kind: 'call', device: 'dev-1' });
    await flushPromises();
    expect((wrapper.get('#room-name').element as HTMLInputElement).value).toBe('standup');
    wrapper.unmount();
    expect(deepLinks.size).toBe(0);
  });
});
