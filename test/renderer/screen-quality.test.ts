import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { useScreenQuality } from '../../renderer/src/composables/useScreenQuality';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import { SAMPLES_TO_MOTION } from '../../renderer/src/rtc/quality';
import { useMediaStore } from '../../renderer/src/stores/media';
import { fakeServices, piniaWith } from '../fakes/dom/services';

/** A peer whose screen capture runs at `fps()` frames per second, recording the modes it is given. */
function peer(fps: () => number) {
  const setScreenMode = vi.fn();
  const sender = {
    getStats: async () => [{ id: 'SV1', type: 'media-source', timestamp: 0, framesPerSecond: fps() }],
  };
  // Only the two members useScreenQuality touches are provided.
  const view = { id: 'p1', link: { setScreenMode, screenVideoSender: () => sender } } as unknown as PeerView;
  return { view, setScreenMode };
}

beforeEach(() => {
  setActivePinia(piniaWith(fakeServices()));
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('useScreenQuality', () => {
  it('on Auto, moves to motion after sustained captured motion and tells every link', async () => {
    let fps = 30;
    const { view, setScreenMode } = peer(() => fps);
    const media = useMediaStore();
    media.sharing = true;
    const scope = effectScope();
    scope.run(() => useScreenQuality(() => [view]));
    expect(setScreenMode).toHaveBeenLastCalledWith('text');
    await vi.advanceTimersByTimeAsync(1_000 * (SAMPLES_TO_MOTION - 1));
    expect(media.screenMode).toBe('text');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(media.screenMode).toBe('motion');
    await nextTick();
    expect(setScreenMode).toHaveBeenLastCalledWith('motion');

    fps = 1;
    scope.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(media.screenMode).toBe('motion');
  });

  it('applies a chosen preset at once and stops sampling', async () => {
    const sampled = vi.fn(() => 30);
    const { view, setScreenMode } = peer(sampled);
    const media = useMediaStore();
    media.sharing = true;
    media.sharePreset = 'motion';
    effectScope().run(() => useScreenQuality(() => [view]));
    expect(setScreenMode).toHaveBeenLastCalledWith('motion');
    media.sharePreset = 'text';
    await nextTick();
    expect(setScreenMode).toHaveBeenLastCalledWith('text');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sampled).not.toHaveBeenCalled();
    expect(media.screenMode).toBe('text');
  });
});
