import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ControlBar from '../../renderer/src/components/ControlBar.vue';
import { CALL_SHORTCUTS, useCallShortcuts } from '../../renderer/src/composables/useCallShortcuts';
import { useChatStore } from '../../renderer/src/stores/chat';
import { useMediaStore } from '../../renderer/src/stores/media';

const mounted: { unmount(): void }[] = [];
afterEach(() => mounted.splice(0).forEach((wrapper) => wrapper.unmount()));

function mountShortcuts(state: Record<string, unknown> = {}) {
  const share = vi.fn();
  const Host = defineComponent({
    setup() {
      useCallShortcuts(share);
      return () => h('div');
    },
  });
  const wrapper = mount(Host, {
    global: {
      plugins: [
        createTestingPinia({
          createSpy: vi.fn,
          initialState: { media: { hasMicrophone: true, captureAllowed: true, ...state } },
        }),
      ],
    },
  });
  mounted.push(wrapper);
  return { share };
}

function press(key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key,
    ctrlKey: true,
    cancelable: true,
    bubbles: true,
    ...init,
  });
  window.dispatchEvent(event);
  return event;
}

describe('call shortcuts', () => {
  it('mute, camera, share and chat answer the keys people know from Meet', () => {
    const { share } = mountShortcuts();
    const media = useMediaStore();
    const chat = useChatStore();
    expect(press('d').defaultPrevented).toBe(true);
    expect(media.toggleMute).toHaveBeenCalledOnce();
    press('e');
    expect(media.toggleCamera).toHaveBeenCalledOnce();
    press('e', { shiftKey: true });
    expect(share).toHaveBeenCalledOnce();
    press('c', { altKey: true });
    expect(chat.setOpen).toHaveBeenCalledWith(true);
    expect(press('d', { ctrlKey: true, metaKey: true }).defaultPrevented).toBe(false);
  });

  it('uses ⌘ on a Mac and stops a running share with the share key', () => {
    vi.spyOn(navigator, 'platform', 'get').mockReturnValue('MacIntel');
    const { share } = mountShortcuts({ sharing: true });
    press('d');
    expect(useMediaStore().toggleMute).not.toHaveBeenCalled();
    press('d', { ctrlKey: false, metaKey: true });
    expect(useMediaStore().toggleMute).toHaveBeenCalledOnce();
    press('e', { ctrlKey: false, metaKey: true, shiftKey: true });
    expect(useMediaStore().stopShare).toHaveBeenCalledOnce();
    expect(share).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('leaves other keys alone, and does nothing it cannot (no microphone, capture blocked)', () => {
    mountShortcuts({ hasMicrophone: false, captureAllowed: false });
    expect(press('x').defaultPrevented).toBe(false);
    expect(press('d', { ctrlKey: false }).defaultPrevented).toBe(false);
    press('d');
    press('e');
    expect(useMediaStore().toggleMute).not.toHaveBeenCalled();
    expect(useMediaStore().toggleCamera).not.toHaveBeenCalled();
  });

  it('are announced on the controls', () => {
    const wrapper = mount(ControlBar, {
      global: {
        plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { media: { hasMicrophone: true } } })],
      },
    });
    const mute = wrapper.findAll('button').find((b) => b.text() === 'Mute');
    expect(mute?.attributes('aria-keyshortcuts')).toBe(CALL_SHORTCUTS.mute.aria);
    // Shown in the visible tooltip (not a `title`, which keyboard users never see).
    expect(mute?.attributes('title')).toBeUndefined();
    expect(mute?.element.parentElement?.querySelector('[data-tooltip]')?.textContent?.trim()).toMatch(
      /^Mute \((Ctrl|⌘)\+D\)$/,
    );
  });
});
