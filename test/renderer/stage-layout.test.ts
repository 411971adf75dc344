import { describe, expect, it } from 'vitest';
import { bestGrid, bestGridBeside } from '../../renderer/src/composables/stage-layout';

describe('bestGrid', () => {
  it('gives one tile the whole height of a wide stage', () => {
    expect(bestGrid(1, { width: 1248, height: 600 })).toEqual({
      columns: 1,
      rows: 1,
      tileWidth: 1066,
      tileHeight: 599,
    });
  });

  it('puts two people side by side on a wide stage, covering more than half of it', () => {
    const grid = bestGrid(2, { width: 1248, height: 640 }, 16);
    expect([grid.columns, grid.rows]).toEqual([2, 1]);
    expect(grid.tileWidth).toBe(616);
    expect((2 * grid.tileWidth * grid.tileHeight) / (1248 * 640)).toBeGreaterThan(0.5);
  });

  it('stacks them on a tall phone stage', () => {
    const grid = bestGrid(3, { width: 390, height: 600 }, 8);
    expect([grid.columns, grid.rows]).toEqual([1, 3]);
    expect(grid.tileWidth).toBe(346);
  });

  it('makes four people a 2×2 grid and seven a 3×3 one with room to spare', () => {
    expect(bestGrid(4, { width: 1248, height: 640 }, 16)).toMatchObject({ columns: 2, rows: 2 });
    expect(bestGrid(7, { width: 1248, height: 700 }, 16)).toMatchObject({ columns: 3, rows: 3 });
  });

  it('never lays tiles out wider or taller than the box, gaps included', () => {
    for (let count = 1; count <= 12; count += 1) {
      for (const box of [
        { width: 1248, height: 640 },
        { width: 570, height: 430 },
        { width: 390, height: 500 },
      ]) {
        const grid = bestGrid(count, box, 12);
        expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(count);
        expect(grid.columns * grid.tileWidth + 12 * (grid.columns - 1)).toBeLessThanOrEqual(box.width);
        expect(grid.rows * grid.tileHeight + 12 * (grid.rows - 1)).toBeLessThanOrEqual(box.height);
      }
    }
  });

  it('gives nothing for no tile or a box not yet measured', () => {
    const none = { columns: 0, rows: 0, tileWidth: 0, tileHeight: 0 };
    expect(bestGrid(0, { width: 800, height: 600 })).toEqual(none);
    expect(bestGrid(3, { width: 0, height: 0 })).toEqual(none);
    expect(bestGrid(3, { width: 20, height: 20 }, 30)).toEqual(none);
  });
});

describe('bestGridBeside', () => {
  it('keeps a column free beside the self-view on a wide stage, and still fills most of it', () => {
    const { grid, free } = bestGridBeside(
      1,
      { width: 1248, height: 600 },
      { width: 224, height: 160 },
      'bottom-right',
      12,
    );
    expect(free).toEqual({ side: 'right', size: 236 });
    expect(grid.tileWidth).toBe(1012);
    expect(grid.tileWidth + free!.size).toBeLessThanOrEqual(1248);
    expect((grid.tileWidth * grid.tileHeight) / (1248 * 600)).toBeGreaterThan(0.7);
  });

  it('keeps a row free above or under it on a tall phone stage', () => {
    const { grid, free } = bestGridBeside(
      1,
      { width: 390, height: 600 },
      { width: 120, height: 110 },
      'top-left',
      12,
    );
    expect(free).toEqual({ side: 'top', size: 122 });
    expect(grid.tileWidth).toBe(390);
    expect(grid.tileHeight + free!.size).toBeLessThanOrEqual(600);
  });

  it('uses the whole stage when there is no self-view', () => {
    expect(
      bestGridBeside(2, { width: 1248, height: 640 }, { width: 0, height: 0 }, 'bottom-right', 16),
    ).toEqual({
      grid: bestGrid(2, { width: 1248, height: 640 }, 16),
      free: null,
    });
  });
});
