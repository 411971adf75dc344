/**
 * Where the shared frame is on a tile, and a point of it on screen. A screen tile shows the picture
 * with `object-fit: contain`: letterboxed, centred, at the tile's size whatever the page zoom or full
 * screen. Pointers and strokes travel as fractions of the frame (docs/PROTOCOL.md), so each end maps
 * through its own letterboxing and they land on the same point of the picture everywhere.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The part of a box a picture of `picture` size covers under `object-fit: contain`. */
export function containedRect(box: Size, picture: Size): Rect {
  if (box.width <= 0 || box.height <= 0 || picture.width <= 0 || picture.height <= 0) {
    return { left: 0, top: 0, width: Math.max(0, box.width), height: Math.max(0, box.height) };
  }
  const scale = Math.min(box.width / picture.width, box.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  return { left: (box.width - width) / 2, top: (box.height - height) / 2, width, height };
}

/**
 * The frame point (0…1 each way) under a screen point, both in the same coordinates as `frame` (e.g.
 * client pixels and the frame element's bounding rectangle); null outside the picture.
 */
export function toFrame(frame: Rect, clientX: number, clientY: number): { x: number; y: number } | null {
  if (frame.width <= 0 || frame.height <= 0) return null;
  const x = (clientX - frame.left) / frame.width;
  const y = (clientY - frame.top) / frame.height;
  return x < 0 || x > 1 || y < 0 || y > 1 ? null : { x, y };
}

/** The screen point of a frame point: the inverse of {@link toFrame}. */
export function fromFrame(frame: Rect, x: number, y: number): { left: number; top: number } {
  return { left: frame.left + x * frame.width, top: frame.top + y * frame.height };
}
