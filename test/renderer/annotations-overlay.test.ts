import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { err } from '../../common/result';
import { AnnotationEngine, colourOf } from '../../renderer/src/rtc/annotations';
import { useAnnotationsStore } from '../../renderer/src/stores/annotations';
import { useMediaStore } from '../../renderer/src/stores/media';
import { fakeBridge, type FakeBridge } from '../fakes/dom/bridge';
import { FakeStream } from '../fakes/dom/media';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';

let desktop: FakeBridge;

/** The annotations store over a fake bridge, attached to an engine where Bob watches our share. */
function start(bridge = true) {
  desktop = fakeBridge();
  const window = fakeWindow(bridge ? { bridge: desktop.bridge } : {});
  setActivePinia(piniaWith(fakeServices({ win: window.win })));
  const media = useMediaStore();
  const store = useAnnotationsStore();
  const engine = new AnnotationEngine({
    port: { send: () => true, peers: () => [{ id: 'bob', name: 'Bob' }] },
    selfId: () => 'ada',
    ownerOf: (share) => (media.screenStream?.id === share ? 'self' : null),
  });
  store.attach(engine);
  return { media, store, engine };
}

const settle = async () => {
  await nextTick();
  await Promise.resolve();
};

beforeEach(() => vi.stubGlobal('MediaStream', FakeStream));
afterEach(() => vi.unstubAllGlobals());

describe('annotations on our share, in the desktop overlay', () => {
  it('sends what is drawn on our share to the overlay, and closes it when the share ends', async () => {
    const { media, engine } = start();
    const screen = new FakeStream() as unknown as MediaStream;
    media.screenStream = screen;
    await settle();
    expect(desktop.bridge.showOnOverlay).toHaveBeenLastCalledWith({ pointers: [], strokes: [] });
    engine.handle('bob', { t: 'pointer', share: screen.id, x: 0.25, y: 0.5 });
    engine.handle('bob', { t: 'pointer', share: screen.id, x: 0.3, y: 0.5 });
    await settle();
    // Two moves in one task: one message to main, with the latest.
    expect(desktop.bridge.showOnOverlay).toHaveBeenCalledTimes(2);
    expect(desktop.bridge.showOnOverlay).toHaveBeenLastCalledWith({
      pointers: [{ name: 'Bob', colour: colourOf('bob'), x: 0.3, y: 0.5 }],
      strokes: [],
    });
    media.screenStream = null;
    await settle();
    expect(desktop.bridge.showOnOverlay).toHaveBeenLastCalledWith(null);
  });

  it('stops sending for a share main will not overlay (a window, or Linux)', async () => {
    const { media, engine } = start();
    desktop.bridge.showOnOverlay.mockResolvedValue(err('UNAVAILABLE'));
    const screen = new FakeStream() as unknown as MediaStream;
    media.screenStream = screen;
    await settle();
    await settle();
    engine.handle('bob', { t: 'pointer', share: screen.id, x: 0.25, y: 0.5 });
    await settle();
    expect(desktop.bridge.showOnOverlay).toHaveBeenCalledTimes(1);
  });

  it('sends nothing in a browser', async () => {
    const { media, engine } = start(false);
    const screen = new FakeStream() as unknown as MediaStream;
    media.screenStream = screen;
    await settle();
    engine.handle('bob', { t: 'pointer', share: screen.id, x: 0.25, y: 0.5 });
    await settle();
    expect(desktop.bridge.showOnOverlay).not.toHaveBeenCalled();
  });
});
