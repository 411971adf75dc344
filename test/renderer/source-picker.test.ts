import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaptureEnvironment, CaptureSource } from '../../common/ipc';
import { ok } from '../../common/result';
import type { NearcastBridge } from '../../electron/preload/bridge';
import SourcePicker from '../../renderer/src/components/SourcePicker.vue';

const screen: CaptureSource = {
  id: 'screen:0:0',
  name: 'Entire screen',
  kind: 'screen',
  thumbnailDataUrl: 'data:image/png;base64,AAAA',
  appIconDataUrl: null,
  displayId: '1',
};
const slides: CaptureSource = {
  ...screen,
  id: 'window:7:0',
  name: 'Slides',
  kind: 'window',
  displayId: null,
};

function fakeBridge(environment: Partial<CaptureEnvironment> = {}) {
  const bridge = {
    listCaptureSources: vi.fn(() => Promise.resolve(ok([screen]))),
    getCaptureEnvironment: vi.fn(() =>
      Promise.resolve(
        ok<CaptureEnvironment>({
          wayland: false,
          systemAudio: false,
          screenPermission: 'granted',
          ...environment,
        }),
      ),
    ),
    openScreenRecordingSettings: vi.fn(() => Promise.resolve(ok(null))),
  };
  return { bridge, asBridge: bridge as unknown as NearcastBridge };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SourcePicker', () => {
  it('names each source by what clicking it shares, and emits the picked id', async () => {
    const { asBridge } = fakeBridge();
    const wrapper = mount(SourcePicker, { props: { bridge: asBridge } });
    await flushPromises();
    const button = wrapper.get('button[aria-label="Share Entire screen"]');
    await button.trigger('click');
    expect(wrapper.emitted('pick')).toEqual([['screen:0:0', { systemAudio: false }]]);
    expect(wrapper.text()).not.toContain('Screen Recording');
  });

  it('asks main again every few seconds, so new windows appear', async () => {
    vi.useFakeTimers();
    const { bridge, asBridge } = fakeBridge();
    const wrapper = mount(SourcePicker, { props: { bridge: asBridge } });
    await flushPromises();
    bridge.listCaptureSources.mockResolvedValue(ok([screen, slides]));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(bridge.listCaptureSources).toHaveBeenCalledTimes(2);
    expect(wrapper.find('button[aria-label="Share Slides"]').exists()).toBe(true);
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(bridge.listCaptureSources).toHaveBeenCalledTimes(2);
  });

  it('on macOS without the permission, offers to open the Screen Recording settings', async () => {
    const { bridge, asBridge } = fakeBridge({ screenPermission: 'denied' });
    const wrapper = mount(SourcePicker, { props: { bridge: asBridge } });
    await flushPromises();
    await wrapper.get('button:not([aria-label])').trigger('click');
    expect(bridge.openScreenRecordingSettings).toHaveBeenCalledOnce();
    expect(wrapper.get('[role="alert"]').text()).toContain('Screen Recording permission');
  });

  it('on Wayland, says the desktop asks next', async () => {
    const { asBridge } = fakeBridge({ wayland: true });
    const wrapper = mount(SourcePicker, { props: { bridge: asBridge } });
    await flushPromises();
    expect(wrapper.text()).toContain('Your desktop shows its own dialog next');
  });
});

describe('system audio', () => {
  it('is offered only where the system can capture it, and goes with the pick when ticked', async () => {
    const without = mount(SourcePicker, { props: { bridge: fakeBridge({ systemAudio: false }).asBridge } });
    await flushPromises();
    expect(without.text()).not.toContain('Share system audio');

    const wrapper = mount(SourcePicker, { props: { bridge: fakeBridge({ systemAudio: true }).asBridge } });
    await flushPromises();
    await wrapper.get('input[type="checkbox"]').setValue(true);
    await wrapper.get('button[aria-label^="Share "]').trigger('click');
    expect(wrapper.emitted('pick')?.[0]?.[1]).toEqual({ systemAudio: true });
  });
});

describe('SourcePicker from the keyboard', () => {
  it('closes on Escape and gives focus back to the control that opened it', async () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const { asBridge } = fakeBridge();
    const wrapper = mount(SourcePicker, { props: { bridge: asBridge }, attachTo: document.body });
    await flushPromises();
    await wrapper.get('dialog').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('cancel')).toHaveLength(1);
    wrapper.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it('keeps Tab inside: past the last control it comes back to the first', async () => {
    const { asBridge } = fakeBridge();
    const wrapper = mount(SourcePicker, { props: { bridge: asBridge }, attachTo: document.body });
    await flushPromises();
    const buttons = wrapper.findAll('button');
    const first = buttons[0]!.element as HTMLElement;
    const last = buttons.at(-1)!.element as HTMLElement;
    last.focus();
    await wrapper.get('dialog').trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    await wrapper.get('dialog').trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
    wrapper.unmount();
  });
});
