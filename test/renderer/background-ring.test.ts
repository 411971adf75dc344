import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h, nextTick } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CallAlertsOffer from '../../renderer/src/components/home/CallAlertsOffer.vue';
import { useBackgroundRing } from '../../renderer/src/composables/useBackgroundRing';
import { SERVICES } from '../../renderer/src/services';
import { useCallsStore } from '../../renderer/src/stores/calls';
import { fakeBridge } from '../fakes/dom/bridge';
import { fakeServices, fakeWindow } from '../fakes/dom/services';

const CALL = {
  callId: '6f1c1f5e-6a43-4c4e-9a53-7c2b9a0f6d11',
  from: { deviceId: 'device-bob', name: 'Bob' },
};

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => FakeNotification.permission);
  closed = false;
  onclick: (() => void) | null = null;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

let hidden = true;

beforeEach(() => {
  hidden = true;
  FakeNotification.shown = [];
  FakeNotification.permission = 'granted';
  vi.stubGlobal('Notification', FakeNotification);
  vi.spyOn(document, 'hidden', 'get').mockImplementation(() => hidden);
  document.title = 'Nearcast';
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function mountRing(desktop = false) {
  const { win } = desktop ? fakeWindow({ bridge: fakeBridge().bridge }) : fakeWindow();
  const Host = defineComponent({
    setup() {
      useBackgroundRing();
      return () => h('div');
    },
  });
  return mount(Host, {
    global: {
      plugins: [createTestingPinia({ createSpy: vi.fn })],
      provide: { [SERVICES]: fakeServices({ win }) },
    },
  });
}

describe('a call ringing in a background tab', () => {
  it('shows a notification and says so in the tab title, and clears both when the ring ends', async () => {
    mountRing();
    const calls = useCallsStore();
    calls.incoming = [CALL];
    await nextTick();
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Bob is calling']);
    expect(FakeNotification.shown[0]?.options.tag).toBe(CALL.callId);
    expect(document.title).toBe('Bob is calling — Nearcast');
    calls.incoming = [];
    await nextTick();
    expect(FakeNotification.shown[0]?.closed).toBe(true);
    expect(document.title).toBe('Nearcast');
  });

  it('brings the tab forward when the notification is clicked', async () => {
    mountRing();
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    useCallsStore().incoming = [CALL];
    await nextTick();
    FakeNotification.shown[0]?.onclick?.();
    expect(focus).toHaveBeenCalled();
  });

  it('only changes the title when notifications are not allowed, and stays quiet in a visible tab', async () => {
    FakeNotification.permission = 'denied';
    mountRing();
    useCallsStore().incoming = [CALL];
    await nextTick();
    expect(FakeNotification.shown).toEqual([]);
    expect(document.title).toBe('Bob is calling — Nearcast');
    useCallsStore().incoming = [];
    await nextTick();
    hidden = false;
    FakeNotification.permission = 'granted';
    useCallsStore().incoming = [CALL];
    await nextTick();
    expect(FakeNotification.shown).toEqual([]);
    expect(document.title).toBe('Nearcast');
  });

  it('leaves the desktop app to its own notifications', async () => {
    mountRing(true);
    useCallsStore().incoming = [CALL];
    await nextTick();
    expect(FakeNotification.shown).toEqual([]);
    expect(document.title).toBe('Nearcast');
  });

  it('works where the browser has no notifications at all (plain http)', async () => {
    vi.stubGlobal('Notification', undefined);
    mountRing();
    useCallsStore().incoming = [CALL];
    await nextTick();
    expect(document.title).toBe('Bob is calling — Nearcast');
  });

  it('offers to turn notifications on once, by the user’s click, in a browser that has not been asked', async () => {
    FakeNotification.permission = 'default';
    FakeNotification.requestPermission.mockImplementation(async () => {
      FakeNotification.permission = 'granted';
      return 'granted';
    });
    const wrapper = mount(CallAlertsOffer, {
      global: {
        plugins: [createTestingPinia({ createSpy: vi.fn })],
        provide: { [SERVICES]: fakeServices() },
      },
    });
    const ask = wrapper.get('button');
    expect(ask.text()).toBe('Turn on call notifications');
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await ask.trigger('click');
    await flushPromises();
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
    expect(wrapper.find('button').exists()).toBe(false);
  });
});
