import { setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../renderer/src/services';
import { createStorageArea, SELF_VIEW_CORNER, STAGE_VIEW } from '../../renderer/src/services/storage';
import { useStageStore } from '../../renderer/src/stores/stage';
import { fakeServices, piniaWith } from '../fakes/dom/services';

let storage: Services['storage'];

/** A fresh page (as after a reload) over this test's storage. */
function reload() {
  setActivePinia(piniaWith(fakeServices({ storage })));
  return useStageStore();
}

beforeEach(() => {
  storage = { local: createStorageArea(null), session: createStorageArea(null) };
});

describe('the stage remembers how it was laid out', () => {
  it('starts as a grid with the self-view bottom right', () => {
    const stage = reload();
    expect(stage.view).toBe('grid');
    expect(stage.selfCorner).toBe('bottom-right');
  });

  it('keeps the speaker view and the self-view corner across a reload', async () => {
    const stage = reload();
    stage.toggleView();
    stage.nextCorner();
    await nextTick();
    // Dragging the self-view sets the corner directly; that is remembered too.
    stage.selfCorner = 'top-left';
    await nextTick();
    const after = reload();
    expect(after.view).toBe('speaker');
    expect(after.selfCorner).toBe('top-left');
  });

  it('falls back to the defaults on a damaged or unknown value, each on its own', () => {
    const backend = new Map<string, string>([
      [STAGE_VIEW.key, JSON.stringify({ v: 1, value: 'speaker' })],
      [SELF_VIEW_CORNER.key, JSON.stringify({ v: 1, value: 'middle' })],
    ]);
    storage = {
      local: createStorageArea({
        getItem: (key) => backend.get(key) ?? null,
        setItem: (key, value) => void backend.set(key, value),
        removeItem: (key) => void backend.delete(key),
      }),
      session: createStorageArea(null),
    };
    const stage = reload();
    expect(stage.view).toBe('speaker');
    expect(stage.selfCorner).toBe('bottom-right');
  });
});
