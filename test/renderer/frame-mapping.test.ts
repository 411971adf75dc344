import { describe, expect, it } from 'vitest';
import { containedRect, fromFrame, toFrame } from '../../renderer/src/composables/frame-mapping';

const FHD = { width: 1920, height: 1080 };

describe('frame mapping', () => {
  it('fills a box of the same shape', () => {
    expect(containedRect({ width: 640, height: 360 }, FHD)).toEqual({
      left: 0,
      top: 0,
      width: 640,
      height: 360,
    });
  });

  it('letterboxes a wide picture in a tall box (bars above and below)', () => {
    expect(containedRect({ width: 400, height: 600 }, FHD)).toEqual({
      left: 0,
      top: 187.5,
      width: 400,
      height: 225,
    });
  });

  it('pillarboxes a tall picture in a wide box (bars left and right)', () => {
    expect(containedRect({ width: 1600, height: 900 }, { width: 1080, height: 1920 })).toEqual({
      left: 546.875,
      top: 0,
      width: 506.25,
      height: 900,
    });
  });

  it('takes the whole box until the picture size is known', () => {
    expect(containedRect({ width: 300, height: 200 }, { width: 0, height: 0 })).toEqual({
      left: 0,
      top: 0,
      width: 300,
      height: 200,
    });
  });

  it('maps corners and centre of one tile to the same points of another tile, whatever their sizes', () => {
    // A viewer's small letterboxed tile and another's full-screen one, offset on the page.
    const small = containedRect({ width: 480, height: 480 }, FHD);
    const full = containedRect({ width: 2560, height: 1440 }, FHD);
    const smallOnPage = { ...small, left: small.left + 100, top: small.top + 50 };
    for (const [x, y] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [0.5, 0.5],
      [0.1, 0.9],
    ] as const) {
      const there = fromFrame(smallOnPage, x, y);
      const frame = toFrame(smallOnPage, there.left, there.top);
      expect(frame?.x).toBeCloseTo(x, 9);
      expect(frame?.y).toBeCloseTo(y, 9);
      const onFull = fromFrame(full, frame!.x, frame!.y);
      expect(onFull.left).toBeCloseTo(x * 2560, 6);
      expect(onFull.top).toBeCloseTo(y * 1440, 6);
    }
  });

  it('finds no frame point in the bars', () => {
    const frame = containedRect({ width: 400, height: 600 }, FHD);
    expect(toFrame(frame, 200, 100)).toBeNull();
    expect(toFrame(frame, 200, 500)).toBeNull();
    expect(toFrame(frame, 200, 300)).toEqual({ x: 0.5, y: (300 - 187.5) / 225 });
  });
});
