import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import HostingPanel from '../../renderer/src/components/HostingPanel.vue';
import LanHosts from '../../renderer/src/components/LanHosts.vue';
import { useDesktopStore } from '../../renderer/src/stores/desktop';
import { HOSTING_INFO, LAN_HOST } from '../fakes/dom/bridge';
import { testingPinia } from '../fakes/dom/services';

function buttonNames(wrapper: ReturnType<typeof mount>): string[] {
  return wrapper.findAll('button').map((button) => button.text());
}

function mountWith(component: typeof HostingPanel | typeof LanHosts, desktop: Record<string, unknown> = {}) {
  return mount(component, { global: { plugins: [testingPinia({ initialState: { desktop } })] } });
}

describe('HostingPanel', () => {
  it('offers to host, and asks the store for any free port when none is typed', async () => {
    const wrapper = mountWith(HostingPanel);
    expect(buttonNames(wrapper)).toEqual(['Host on this computer']);
    expect(wrapper.find('img').exists()).toBe(false);
    await wrapper.get('button').trigger('click');
    expect(useDesktopStore().startHosting).toHaveBeenCalledWith(undefined);
  });

  it('shows the URLs, a described QR code and Stop hosting while hosting', async () => {
    const wrapper = mountWith(HostingPanel, { hosting: { active: true, ...HOSTING_INFO } });
    expect(wrapper.findAll('code').map((code) => code.text())).toEqual(HOSTING_INFO.urls);
    const qr = wrapper.get('img');
    expect(qr.attributes('src')).toBe(HOSTING_INFO.qrDataUrl);
    expect(qr.attributes('alt')).toBe('QR code for http://192.168.1.20:4780/');
    expect(buttonNames(wrapper)).toEqual(['Stop hosting']);
    await wrapper.get('button').trigger('click');
    expect(useDesktopStore().stopHosting).toHaveBeenCalledOnce();
  });

  it('says when this computer has no LAN address to offer', () => {
    const wrapper = mountWith(HostingPanel, {
      hosting: { active: true, urls: [], qrDataUrl: '', port: 4780 },
    });
    expect(wrapper.text()).toContain('no network address');
    expect(wrapper.find('img').exists()).toBe(false);
  });

  it('refuses a typed port outside 1024–65535 without asking main, and passes a good one on', async () => {
    const wrapper = mountWith(HostingPanel);
    await wrapper.get('#hosting-port').setValue('80');
    await wrapper.get('button').trigger('click');
    expect(useDesktopStore().startHosting).not.toHaveBeenCalled();
    expect(wrapper.get('[role="alert"]').text()).toContain('between 1024 and 65535');

    await wrapper.get('#hosting-port').setValue('4781');
    await wrapper.get('button').trigger('click');
    expect(useDesktopStore().startHosting).toHaveBeenCalledWith(4781);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it("shows main's reason when hosting could not start, and disables the button while busy", () => {
    const wrapper = mountWith(HostingPanel, {
      hostingError: { code: 'UNAVAILABLE', message: 'Port 4780 is already in use.' },
      hostingBusy: true,
    });
    expect(wrapper.get('[role="alert"]').text()).toBe('Port 4780 is already in use.');
    expect(wrapper.get('button').attributes('disabled')).toBeDefined();
  });
});

describe('LanHosts', () => {
  const host = LAN_HOST;

  it('lists the hosts found, and connects to one by name', async () => {
    const wrapper = mountWith(LanHosts, { lanHosts: [host] });
    const row = wrapper.get('li').text();
    expect(row).toContain('Bob desktop');
    expect(row).toContain('http://192.168.1.30:4780/');
    expect(row).toContain('Access code required');
    await wrapper.get('button[aria-label="Connect to Bob desktop"]').trigger('click');
    expect(useDesktopStore().switchServer).toHaveBeenCalledWith('http://192.168.1.30:4780/');
  });

  it('says when none has been found yet', () => {
    const wrapper = mountWith(LanHosts);
    expect(wrapper.findAll('li')).toHaveLength(0);
    expect(wrapper.text()).toContain('No other Nearcast host found yet.');
  });
});
