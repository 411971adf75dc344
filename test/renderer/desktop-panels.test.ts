import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import GuestKnocks from '../../renderer/src/components/GuestKnocks.vue';
import HostingPanel from '../../renderer/src/components/HostingPanel.vue';
import LanHosts from '../../renderer/src/components/LanHosts.vue';
import ServerSwitchOffer from '../../renderer/src/components/ServerSwitchOffer.vue';
import { useDesktopStore } from '../../renderer/src/stores/desktop';
import { useGuestsStore } from '../../renderer/src/stores/guests';
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

  it('shows the URLs, a described QR code, the fingerprint, the access code and Stop hosting', async () => {
    const wrapper = mountWith(HostingPanel, { hosting: { active: true, ...HOSTING_INFO } });
    expect(wrapper.findAll('.urls code').map((code) => code.text())).toEqual(HOSTING_INFO.urls);
    const qr = wrapper.get('img');
    expect(qr.attributes('src')).toBe(HOSTING_INFO.qrDataUrl);
    expect(qr.attributes('alt')).toBe('QR code for https://192.168.1.20:4780/');
    expect(wrapper.get('.fingerprint').text()).toBe(HOSTING_INFO.fingerprint256);
    expect(wrapper.text()).toContain('Certificate fingerprint (SHA-256)');
    expect(wrapper.get('.code').text()).toBe('k7mp-q2xw-9fhd');
    expect(buttonNames(wrapper)).toEqual(['New access code', 'Stop hosting']);
    await wrapper.get('button').trigger('click');
    expect(useGuestsStore().newCode).toHaveBeenCalledOnce();
    await wrapper.findAll('button')[1]!.trigger('click');
    expect(useDesktopStore().stopHosting).toHaveBeenCalledOnce();
  });

  it("shows the forwarding unit's code, and nothing of it when the app runs no unit", () => {
    const wrapper = mountWith(HostingPanel, { hosting: { active: true, ...HOSTING_INFO } });
    expect(wrapper.get('.unit-code').text()).toBe('26 28 53');
    expect(wrapper.text()).toContain('Forwarding unit code');

    const without = mountWith(HostingPanel, { hosting: { active: true, ...HOSTING_INFO, unitCode: null } });
    expect(without.find('.unit-code').exists()).toBe(false);
    expect(without.text()).not.toContain('Forwarding unit code');
  });

  it('shows no access code when the host asks for none', () => {
    const wrapper = mountWith(HostingPanel, { hosting: { active: true, ...HOSTING_INFO, accessCode: null } });
    expect(wrapper.find('.code').exists()).toBe(false);
    expect(buttonNames(wrapper)).toEqual(['Stop hosting']);
  });

  it('switches the access code and the approval of guests, keeping the other switch', async () => {
    const wrapper = mount(HostingPanel, {
      global: {
        plugins: [
          testingPinia({ initialState: { guests: { admission: { requireCode: true, approval: true } } } }),
        ],
      },
    });
    const boxes = wrapper.findAll<HTMLInputElement>('input[type="checkbox"]');
    expect(boxes.map((box) => box.element.checked)).toEqual([true, true]);
    expect(wrapper.get('fieldset legend').text()).toBe('Who may join');
    expect(wrapper.text()).toContain('Guests need the access code');
    await boxes[1]!.setValue(false);
    expect(useGuestsStore().setAdmission).toHaveBeenCalledWith({ requireCode: true, approval: false });
  });

  it('says when this computer has no LAN address to offer', () => {
    const wrapper = mountWith(HostingPanel, {
      hosting: { active: true, ...HOSTING_INFO, urls: [], joinUrl: null, qrDataUrl: '' },
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

describe('GuestKnocks', () => {
  const knocks = [
    { id: 3, name: 'Ada', address: '192.168.1.31' },
    { id: 4, name: '', address: '192.168.1.32' },
  ];
  const mountKnocks = (state: Record<string, unknown>) =>
    mount(GuestKnocks, {
      attachTo: document.body,
      global: { plugins: [testingPinia({ initialState: { guests: state } })] },
    });

  it('asks the host about the first guest, says how many more wait, and answers with Allow', async () => {
    const wrapper = mountKnocks({ knocks });
    const dialog = wrapper.get('[role="alertdialog"]');
    expect(dialog.attributes('aria-labelledby')).toBe('knock-title');
    expect(wrapper.get('#knock-title').text()).toBe('Ada wants to join');
    expect(wrapper.text()).toContain('1 more person waiting');
    await flushPromises();
    expect(document.activeElement?.textContent?.trim()).toBe('Allow');
    await wrapper.findAll('button')[0]!.trigger('click');
    expect(useGuestsStore().answer).toHaveBeenCalledWith(3, true);
    wrapper.unmount();
  });

  it('denies with Deny or Escape, and names a guest who gave no name by address', async () => {
    const wrapper = mountKnocks({ knocks: [knocks[1]] });
    expect(wrapper.get('#knock-title').text()).toBe('192.168.1.32 wants to join');
    await wrapper.get('[role="alertdialog"]').trigger('keydown', { key: 'Escape' });
    await wrapper.findAll('button')[1]!.trigger('click');
    expect(vi.mocked(useGuestsStore().answer).mock.calls).toEqual([
      [4, false],
      [4, false],
    ]);
    wrapper.unmount();
  });

  it('shows nothing while nobody knocks', () => {
    expect(mountKnocks({ knocks: [] }).find('[role="alertdialog"]').exists()).toBe(false);
  });
});

describe('ServerSwitchOffer', () => {
  it('asks before moving to the server a link named, Stay here first; Escape stays', async () => {
    const offer = { room: 'standup', server: 'https://192.168.1.20:4780/' };
    const wrapper = mount(ServerSwitchOffer, {
      attachTo: document.body,
      global: { plugins: [testingPinia({ initialState: { desktop: { serverOffer: offer } } })] },
    });
    expect(wrapper.get('[role="alertdialog"]').text()).toContain(
      'opens room “standup” on the server at https://192.168.1.20:4780/',
    );
    await flushPromises();
    expect(document.activeElement?.textContent?.trim()).toBe('Stay here');
    await wrapper.get('[role="alertdialog"]').trigger('keydown', { key: 'Escape' });
    expect(useDesktopStore().declineServerOffer).toHaveBeenCalledOnce();
    await wrapper.findAll('button')[0]!.trigger('click');
    expect(useDesktopStore().acceptServerOffer).toHaveBeenCalledOnce();
    wrapper.unmount();
  });
});
