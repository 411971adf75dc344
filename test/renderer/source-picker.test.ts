import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { CaptureEnvironment, CaptureSource } from '../../common/ipc';
import SourcePicker from '../../renderer/src/components/SourcePicker.vue';
import { useDesktopStore } from '../../renderer/src/stores/desktop';
import { SCREEN_SOURCE } from '../fakes/dom/bridge';
import { testingPinia } from '../fakes/dom/services';

const screen = SCREEN_SOURCE;

/** The picker over a desktop store that has listed `sources` on a system like `environment`. */
function mountPicker(
  environment: Partial<CaptureEnvironment> = {},
  options: { sources?: CaptureSource[]; attachTo?: HTMLElement } = {},
) {
  const desktop = {
    picking: true,
    sourcesLoading: false,
    captureSources: options.sources ?? [screen],
    captureEnvironment: { wayland: false, systemAudio: false, screenPermission: 'granted', ...environment },
  };
  return mount(SourcePicker, {
    global: { plugins: [testingPinia({ initialState: { desktop } })] },
    ...(options.attachTo ? { attachTo: options.attachTo } : {}),
  });
}

describe('SourcePicker', () => {
  it('names each source by what clicking it shares, and emits the picked id', async () => {
    const wrapper = mountPicker();
    await wrapper.get('button[aria-label="Share Entire screen"]').trigger('click');
    expect(wrapper.emitted('pick')).toEqual([['screen:0:0', { systemAudio: false }]]);
    expect(wrapper.text()).not.toContain('Screen Recording');
  });

  it('says it is loading, then that there is nothing to share, or why the list failed', () => {
    const loading = mount(SourcePicker, {
      global: { plugins: [testingPinia({ initialState: { desktop: { sourcesLoading: true } } })] },
    });
    expect(loading.get('[role="status"]').text()).toBe('Looking for screens and windows…');
    expect(mountPicker({}, { sources: [] }).text()).toContain('No screen or window can be shared right now.');
    const failed = mount(SourcePicker, {
      global: {
        plugins: [
          testingPinia({
            initialState: { desktop: { captureError: { code: 'INTERNAL', message: 'Capture failed.' } } },
          }),
        ],
      },
    });
    expect(failed.get('[role="alert"]').text()).toBe('Capture failed.');
  });

  it('on macOS without the permission, offers to open the Screen Recording settings', async () => {
    const wrapper = mountPicker({ screenPermission: 'denied' });
    await wrapper.get('button:not([aria-label])').trigger('click');
    expect(useDesktopStore().openScreenRecordingSettings).toHaveBeenCalledOnce();
    expect(wrapper.get('[role="alert"]').text()).toContain('Screen Recording permission');
  });

  it('on Wayland, says the desktop asks next', () => {
    expect(mountPicker({ wayland: true }).text()).toContain('Your desktop shows its own dialog next');
  });
});

describe('system audio', () => {
  it('is offered only where the system can capture it, and goes with the pick when ticked', async () => {
    expect(mountPicker({ systemAudio: false }).text()).not.toContain('Share system audio');

    const wrapper = mountPicker({ systemAudio: true });
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
    const wrapper = mountPicker({}, { attachTo: document.body });
    await wrapper.get('dialog').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('cancel')).toHaveLength(1);
    wrapper.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it('keeps Tab inside: past the last control it comes back to the first', async () => {
    const wrapper = mountPicker({}, { attachTo: document.body });
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
