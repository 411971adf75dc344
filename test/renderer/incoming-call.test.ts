import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import IncomingCall from '../../renderer/src/components/IncomingCall.vue';
import { useCallsStore } from '../../renderer/src/stores/calls';

const RING = {
  callId: '6f1c1f5e-6a43-4c4e-9a53-7c2b9a0f6d11',
  from: { deviceId: 'device-bob', name: 'Bob' },
};

function ringing() {
  return mount(IncomingCall, {
    attachTo: document.body,
    global: {
      plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { calls: { incoming: [RING] } } })],
    },
  });
}

describe('an incoming call', () => {
  it('answers with microphone and camera on unless switched off there', async () => {
    const wrapper = ringing();
    expect(wrapper.get<HTMLInputElement>('#incoming-mic').element.checked).toBe(true);
    expect(wrapper.get<HTMLInputElement>('#incoming-camera').element.checked).toBe(true);
    await wrapper.get('#incoming-camera').setValue(false);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Accept')!
      .trigger('click');
    expect(useCallsStore().accept).toHaveBeenCalledWith(RING.callId, { microphone: true, camera: false });
    wrapper.unmount();
  });

  it('keeps the keyboard on Accept when it rings', async () => {
    const wrapper = ringing();
    await vi.waitFor(() => expect(document.activeElement?.textContent?.trim()).toBe('Accept'));
    wrapper.unmount();
  });
});
