/**
 * The grid that gives a call's tiles the most picture: for n tiles in the stage's box, every column
 * count is tried and the one whose 16:9 tiles come out largest wins. A fixed minimum tile width
 * (`auto-fill, minmax(16rem, …)`) left a 1:1 call as two stamps in the top-left corner of a large
 * window; sizing by the box's width AND height fills it, whatever the window's shape.
 */

/** The stage's inner box, in CSS pixels. */
export interface StageBox {
  width: number;
  height: number;
}

export interface StageGrid {
  columns: number;
  rows: number;
  /** Each tile's size, in whole pixels so that a row of them never wraps on a rounding error. */
  tileWidth: number;
  tileHeight: number;
}

const EMPTY: StageGrid = { columns: 0, rows: 0, tileWidth: 0, tileHeight: 0 };

/**
 * The best grid for `count` tiles of `aspect` (width / height) in `box`, with `gap` pixels between
 * neighbours. Of two grids giving the same tile size, the one with fewer columns is kept.
 */
export function bestGrid(count: number, box: StageBox, gap = 0, aspect = 16 / 9): StageGrid {
  if (count <= 0 || box.width <= 0 || box.height <= 0) return EMPTY;
  let best = EMPTY;
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    const widthPerTile = (box.width - gap * (columns - 1)) / columns;
    const heightPerTile = (box.height - gap * (rows - 1)) / rows;
    if (widthPerTile <= 0 || heightPerTile <= 0) continue;
    const tileWidth = Math.floor(Math.min(widthPerTile, heightPerTile * aspect));
    if (tileWidth > best.tileWidth) {
      best = { columns, rows, tileWidth, tileHeight: Math.floor(tileWidth / aspect) };
    }
  }
  return best;
}
