import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LeaveDialog from '../../renderer/src/components/room/LeaveDialog.vue';
import { useLeaveGuard } from '../../renderer/src/composables/useLeaveGuard';
import type { TransferState, TransferView } from '../../renderer/src/rtc/transfers/model';
import { SERVICES } from '../../renderer/src/services';
import { useRoomStore } from '../../renderer/src/stores/room';
import { fakeBridge } from '../fakes/dom/bridge';
import { fakeServices, fakeWindow } from '../fakes/dom/services';

function transfer(state: TransferState, direction: 'in' | 'out' = 'out'): TransferView {
  return {
    id: `t-${state}-${direction}`,
    direction,
    name: 'plans.pdf',
    size: 10,
    type: 'application/pdf',
    peerName: 'Bob',
    peerKey: 'guest/bob',
    state,
    bytes: 0,
    bytesPerSecond: 0,
    secondsLeft: null,
    error: null,
    downloadUrl: null,
    savedTo: null,
    downloadId: null,
  };
}

let guard: ReturnType<typeof useLeaveGuard>;
const mounted: { unmount(): void }[] = [];

function mountGuard(transfers: TransferView[], desktop = false) {
  const { win } = desktop ? fakeWindow({ bridge: fakeBridge().bridge }) : fakeWindow();
  const Host = defineComponent({
    setup() {
      guard = useLeaveGuard();
      return () => h('div');
    },
  });
  const wrapper = mount(Host, {
    attachTo: document.body,
    global: {
      plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { transfers: { transfers } } })],
      provide: { [SERVICES]: fakeServices({ win }) },
    },
  });
  mounted.push(wrapper);
  return wrapper;
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount());
  document.body.replaceChildren();
});

describe('leaving a room', () => {
  it('leaves at once when nothing is being transferred', async () => {
    mountGuard([transfer('done'), transfer('declined', 'in'), transfer('offered', 'in')]);
    guard.ask();
    await flushPromises();
    expect(guard.confirming.value).toBe(false);
    expect(useRoomStore().leave).toHaveBeenCalledOnce();
  });

  it('asks first while files are on their way, and leaves only when told to', async () => {
    mountGuard([
      transfer('transferring'),
      transfer('offered'),
      transfer('interrupted', 'in'),
      transfer('done'),
    ]);
    expect(guard.pending.value).toBe(3);
    guard.ask();
    expect(guard.confirming.value).toBe(true);
    expect(useRoomStore().leave).not.toHaveBeenCalled();
    guard.stay();
    expect(guard.confirming.value).toBe(false);
    guard.ask();
    guard.confirm();
    await flushPromises();
    expect(useRoomStore().leave).toHaveBeenCalledOnce();
  });

  it('makes a browser ask before closing the tab mid-transfer, and never the desktop app', () => {
    for (const desktop of [false, true]) {
      const wrapper = mountGuard([transfer('transferring')], desktop);
      const closing = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(closing);
      expect(closing.defaultPrevented).toBe(!desktop);
      mounted.splice(mounted.indexOf(wrapper), 1);
      wrapper.unmount();
    }
    const idle = mountGuard([transfer('done')]);
    const closing = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(closing);
    expect(closing.defaultPrevented).toBe(false);
    expect(idle.exists()).toBe(true);
  });

  it('says what leaving stops, with Leave and Stay', () => {
    const wrapper = mount(LeaveDialog, {
      attachTo: document.body,
      props: { pending: 2 },
      global: { plugins: [createTestingPinia({ createSpy: vi.fn })] },
    });
    expect(wrapper.get('h2').text()).toBe('Leave the room?');
    expect(wrapper.text()).toContain('2 file transfers will stop');
    const buttons = wrapper.findAll('button').map((b) => b.text());
    expect(buttons).toEqual(['Leave', 'Stay']);
    wrapper.findAll('button')[0]?.trigger('click');
    expect(wrapper.emitted('leave')).toHaveLength(1);
  });
});
