import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import IncomingCall from '../../renderer/src/components/IncomingCall.vue';
import ContactsPanel from '../../renderer/src/components/home/ContactsPanel.vue';
import MissedCalls from '../../renderer/src/components/home/MissedCalls.vue';
import { useCallsStore } from '../../renderer/src/stores/calls';
import { useSessionStore } from '../../renderer/src/stores/session';
import { testingPinia } from '../fakes/dom/services';

const directory = [
  { deviceId: 'ada-device-1', name: 'Ada', status: 'available' },
  { deviceId: 'bob-device-1', name: 'Bob', status: 'available' },
  { deviceId: 'cy-device-01', name: 'Cy', status: 'in-call' },
];

/** A testing pinia whose directory lists `directory` and where we are registered. */
function withSession(extra: Record<string, unknown> = {}) {
  const pinia = testingPinia({ initialState: extra, stubActions: true });
  const session = useSessionStore(pinia);
  // Getters are writable in a testing pinia.
  (session as unknown as { contacts: unknown }).contacts = directory;
  (session as unknown as { registered: boolean }).registered = true;
  return pinia;
}

describe('ContactsPanel', () => {
  it('lists contacts with their status; someone in a call cannot be rung', () => {
    const wrapper = mount(ContactsPanel, { global: { plugins: [withSession()] } });
    const rows = wrapper.findAll('li').map((li) => li.text().replace(/\s+/g, ' '));
    expect(rows.some((row) => row.includes('Cy') && row.includes('In a call'))).toBe(true);
    expect(wrapper.get('button[aria-label="Call Cy"]').attributes('disabled')).toBeDefined();
  });

  it('ticking two people offers one group call to both', async () => {
    const wrapper = mount(ContactsPanel, { global: { plugins: [withSession()] } });
    expect(wrapper.text()).not.toContain('Call selected');
    await wrapper.get('input[aria-label="Select Ada"]').setValue(true);
    await wrapper.get('input[aria-label="Select Bob"]').setValue(true);
    const group = wrapper.findAll('button').find((b) => b.text() === 'Call selected (2)');
    expect(group).toBeDefined();
    await group!.trigger('click');
    expect(useCallsStore().call).toHaveBeenCalledWith([
      { deviceId: 'ada-device-1', name: 'Ada' },
      { deviceId: 'bob-device-1', name: 'Bob' },
    ]);
  });
});

describe('IncomingCall', () => {
  const ring = {
    callId: '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    from: { deviceId: 'bob-device-1', name: 'Bob' },
  };

  it('shows who calls and answers with Accept, Decline, or Escape', async () => {
    const wrapper = mount(IncomingCall, {
      global: { plugins: [withSession({ calls: { incoming: [ring] } })] },
      attachTo: document.body,
    });
    const dialog = wrapper.get('[role="alertdialog"]');
    expect(dialog.text()).toContain('Bob is calling');
    await vi.waitFor(() => expect(document.activeElement?.textContent?.trim()).toBe('Accept'));
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Accept')!
      .trigger('click');
    expect(useCallsStore().accept).toHaveBeenCalledWith(ring.callId, { microphone: true, camera: true });
    await dialog.trigger('keydown', { key: 'Escape' });
    expect(useCallsStore().decline).toHaveBeenCalledWith(ring.callId);
    wrapper.unmount();
  });

  it('shows nothing when nothing rings', () => {
    const wrapper = mount(IncomingCall, { global: { plugins: [withSession()] } });
    expect(wrapper.find('[role="alertdialog"]').exists()).toBe(false);
  });
});

describe('MissedCalls', () => {
  it('lists missed calls with Call back only for people still online and free', () => {
    const missed = [
      { deviceId: 'bob-device-1', name: 'Bob', at: Date.UTC(2026, 10, 24, 9, 5) },
      { deviceId: 'cy-device-01', name: 'Cy', at: Date.UTC(2026, 10, 24, 9, 1) },
      { deviceId: 'gone-device', name: 'Dee', at: Date.UTC(2026, 10, 24, 8, 0) },
    ];
    const wrapper = mount(MissedCalls, { global: { plugins: [withSession({ calls: { missed } })] } });
    expect(wrapper.findAll('li')).toHaveLength(3);
    expect(wrapper.find('button[aria-label="Call Bob back"]').exists()).toBe(true);
    expect(wrapper.find('button[aria-label="Call Cy back"]').exists()).toBe(false);
    expect(wrapper.find('button[aria-label="Call Dee back"]').exists()).toBe(false);
  });
});
