import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, nextTick } from 'vue';
import type { NearcastBridge } from '../../electron/preload/bridge';
import { useDesktopCallStatus } from '../../renderer/src/composables/useDesktopCallStatus';
import { fakeDevices } from '../fakes/dom/media';
import { installServices } from '../../renderer/src/services';
import { useMediaStore } from '../../renderer/src/stores/media';

let trayListener: ((action: 'toggle-mute' | 'stop-sharing') => void) | null;
let setCallStatus: ReturnType<typeof vi.fn>;

const Host = defineComponent({
  setup() {
    useDesktopCallStatus();
    return () => null;
  },
});

beforeEach(() => {
  setActivePinia(createPinia());
  trayListener = null;
  setCallStatus = vi.fn(async () => ({ ok: true, data: null }));
  const bridge = {
    setCallStatus,
    onTrayAction: (listener: typeof trayListener) => {
      trayListener = listener;
      return () => (trayListener = null);
    },
  } as unknown as NearcastBridge;
  installServices({
    platform: {
      bridge,
      signalingUrl: async () => '',
      getUserMedia: vi.fn(),
      getDisplayMedia: vi.fn(),
      ...fakeDevices(),
    },
    connectSignaling: vi.fn(),
  });
});

describe('desktop call status', () => {
  it('tells the tray we are in a call, whether muted and sharing, and that we left', async () => {
    const media = useMediaStore();
    const wrapper = mount(Host);
    expect(setCallStatus).toHaveBeenLastCalledWith({ inCall: true, sharing: false, muted: false });
    media.micMuted = true;
    await nextTick();
    expect(setCallStatus).toHaveBeenLastCalledWith({ inCall: true, sharing: false, muted: true });
    wrapper.unmount();
    expect(setCallStatus).toHaveBeenLastCalledWith({ inCall: false, sharing: false, muted: false });
    expect(trayListener).toBeNull();
  });

  it('mutes and stops sharing when the tray or the shortcut asks', () => {
    const media = useMediaStore();
    const toggleMute = vi.spyOn(media, 'toggleMute');
    const stopShare = vi.spyOn(media, 'stopShare');
    mount(Host);
    trayListener?.('toggle-mute');
    trayListener?.('stop-sharing');
    expect(toggleMute).toHaveBeenCalledTimes(1);
    expect(stopShare).toHaveBeenCalledTimes(1);
  });
});
