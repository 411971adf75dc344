import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { useScreenQuality } from '../../renderer/src/composables/useScreenQuality';
import { SAMPLES_TO_MOTION, SAMPLES_TO_TEXT } from '../../renderer/src/rtc/auto-quality';
import type { PeerView } from '../../renderer/src/rtc/mesh';
import type { ScreenCodec, ScreenMode } from '../../renderer/src/rtc/quality';
import {
  SAMPLE_INTERVAL_MS,
  ScreenQuality,
  screenCaptureFps,
  type ScreenLink,
} from '../../renderer/src/rtc/screen-quality';
import { useMediaStore } from '../../renderer/src/stores/media';
import { fakeServices, piniaWith } from '../fakes/dom/services';

/** A link whose screen capture runs at `fps()` frames per second (null: not sharing on it). */
function link(fps: () => number | null) {
  const modes: ScreenMode[] = [];
  const codecs: ScreenCodec[] = [];
  const sampled = vi.fn(fps);
  const sender = {
    getStats: async () => {
      const rate = sampled();
      return rate === null ? [] : [{ id: 'SV1', type: 'media-source', timestamp: 0, framesPerSecond: rate }];
    },
  };
  const value = {
    setScreenMode: (mode: ScreenMode) => modes.push(mode),
    setScreenCodec: (codec: ScreenCodec) => codecs.push(codec),
    // Only getStats is read from the sender.
    screenVideoSender: () => sender as unknown as RTCRtpSender,
  } satisfies ScreenLink;
  return { link: value, modes, codecs, sampled };
}

const seconds = (n: number) => vi.advanceTimersByTimeAsync(n * SAMPLE_INTERVAL_MS);

beforeEach(() => {
  setActivePinia(piniaWith(fakeServices()));
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('screenCaptureFps', () => {
  it('reads the first link that sends our screen', async () => {
    const idle = { setScreenMode: () => {}, setScreenCodec: () => {}, screenVideoSender: () => null };
    expect(await screenCaptureFps([idle, link(() => 24).link])).toBe(24);
    expect(await screenCaptureFps([idle])).toBeNull();
  });
});

describe('ScreenQuality', () => {
  it('on Auto, moves to motion after sustained captured motion and tells every link', async () => {
    let fps = 30;
    const a = link(() => fps);
    const b = link(() => fps);
    const quality = new ScreenQuality(() => [a.link, b.link]);
    const changes: ScreenMode[] = [];
    quality.on('mode', (mode) => changes.push(mode));
    quality.update(true, 'auto');
    expect(a.modes).toEqual(['text']);
    await seconds(SAMPLES_TO_MOTION - 1);
    expect(quality.mode).toBe('text');
    await seconds(1);
    expect(quality.mode).toBe('motion');
    expect(changes).toEqual(['motion']);
    expect(a.modes.at(-1)).toBe('motion');
    expect(b.modes.at(-1)).toBe('motion');

    fps = 1;
    await seconds(SAMPLES_TO_TEXT);
    expect(changes).toEqual(['motion', 'text']);
    quality.dispose();
  });

  it('applies a chosen preset at once and does not sample', async () => {
    const a = link(() => 30);
    const quality = new ScreenQuality(() => [a.link]);
    quality.update(true, 'motion');
    expect(a.modes).toEqual(['motion']);
    quality.update(true, 'text');
    expect(a.modes.at(-1)).toBe('text');
    await seconds(10);
    expect(a.sampled).not.toHaveBeenCalled();
    expect(quality.mode).toBe('text');
    quality.dispose();
  });

  it('stops sampling when the share ends, and the next share starts as text', async () => {
    const a = link(() => 30);
    const quality = new ScreenQuality(() => [a.link]);
    quality.update(true, 'auto');
    await seconds(SAMPLES_TO_MOTION);
    expect(quality.mode).toBe('motion');
    quality.update(false, 'auto');
    expect(quality.mode).toBe('text');
    const reads = a.sampled.mock.calls.length;
    await seconds(10);
    expect(a.sampled).toHaveBeenCalledTimes(reads);
    quality.update(true, 'auto');
    expect(quality.mode).toBe('text');
    quality.dispose();
  });

  it('gives a link that joins the current mode', async () => {
    const a = link(() => 30);
    const links: ScreenLink[] = [a.link];
    const quality = new ScreenQuality(() => links);
    quality.update(true, 'motion');
    const late = link(() => 30);
    links.push(late.link);
    quality.linksChanged();
    expect(late.modes).toEqual(['motion']);
    quality.dispose();
  });

  it('sends every link, and one that joins later, with the codec the user chose', () => {
    const a = link(() => 30);
    const links: ScreenLink[] = [a.link];
    const quality = new ScreenQuality(() => links);
    quality.setCodec('VP8');
    expect(a.codecs.at(-1)).toBe('VP8');
    const late = link(() => 30);
    links.push(late.link);
    quality.linksChanged();
    expect(late.codecs).toEqual(['VP8']);
    quality.dispose();
  });

  it('is silent once disposed', async () => {
    const a = link(() => 30);
    const quality = new ScreenQuality(() => [a.link]);
    const changes: ScreenMode[] = [];
    quality.on('mode', (mode) => changes.push(mode));
    quality.update(true, 'auto');
    quality.dispose();
    await seconds(60);
    expect(a.sampled).not.toHaveBeenCalled();
    expect(changes).toEqual([]);
  });
});

describe('useScreenQuality', () => {
  it("hands the user's choice to the engine and shows the mode it settled on", async () => {
    const a = link(() => 30);
    const view = { id: 'p1', link: a.link } as unknown as PeerView;
    const media = useMediaStore();
    media.sharing = true;
    const scope = effectScope();
    scope.run(() => useScreenQuality(() => [view]));
    await seconds(SAMPLES_TO_MOTION);
    expect(media.screenMode).toBe('motion');
    media.sharePreset = 'text';
    await nextTick();
    expect(media.screenMode).toBe('text');
    expect(a.modes.at(-1)).toBe('text');
    media.sharePreset = 'auto';
    await nextTick();
    scope.stop();
    const reads = a.sampled.mock.calls.length;
    await seconds(60);
    expect(a.sampled).toHaveBeenCalledTimes(reads);
  });
});
