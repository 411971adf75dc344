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

/** A side of the stage kept free for the self-view, and how many pixels of it. */
export interface KeptFree {
  side: 'top' | 'right' | 'bottom' | 'left';
  size: number;
}

/**
 * The best grid that leaves the self-view's corner uncovered: the tiles give up a column beside it
 * or a row above or under it, whichever leaves them larger. Our own small video then never hides
 * someone's face, name or buttons (it used to float over them). With no self-view, the whole box.
 */
export function bestGridBeside(
  count: number,
  box: StageBox,
  self: StageBox,
  corner: `${'top' | 'bottom'}-${'left' | 'right'}`,
  gap = 0,
  aspect = 16 / 9,
): { grid: StageGrid; free: KeptFree | null } {
  if (self.width <= 0 || self.height <= 0) return { grid: bestGrid(count, box, gap, aspect), free: null };
  const [vertical, horizontal] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  const besideSize = self.width + gap;
  const underSize = self.height + gap;
  const beside = bestGrid(count, { width: box.width - besideSize, height: box.height }, gap, aspect);
  const under = bestGrid(count, { width: box.width, height: box.height - underSize }, gap, aspect);
  return beside.tileWidth >= under.tileWidth
    ? { grid: beside, free: { side: horizontal, size: besideSize } }
    : { grid: under, free: { side: vertical, size: underSize } };
}
