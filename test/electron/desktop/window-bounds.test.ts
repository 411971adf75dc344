import { describe, expect, it } from 'vitest';
import { visibleBounds } from '../../../electron/main/desktop/window-bounds';

describe('visibleBounds', () => {
  const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];

  it('keeps bounds that are on a display', () => {
    const bounds = { x: 100, y: 100, width: 800, height: 600 };
    expect(visibleBounds(bounds, displays)).toBe(bounds);
  });

  it('drops bounds on a display that is gone, or with only a sliver visible', () => {
    expect(visibleBounds({ x: 2500, y: 100, width: 800, height: 600 }, displays)).toBeNull();
    expect(visibleBounds({ x: 1900, y: 100, width: 800, height: 600 }, displays)).toBeNull();
    expect(visibleBounds({ x: -790, y: 100, width: 800, height: 600 }, displays)).toBeNull();
    expect(visibleBounds(null, displays)).toBeNull();
  });

  it('keeps bounds on a second display', () => {
    const two = [...displays, { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } }];
    expect(visibleBounds({ x: 2500, y: 100, width: 800, height: 600 }, two)).not.toBeNull();
  });
});
