/**
 * The window reopens where the user left it (the desktop module saves its bounds when it closes), unless
 * the display it was on is gone.
 */
import type { Rectangle } from '../electron-api/app';

/** How much of the window must be on a display for saved bounds to be reused: enough to grab it. */
const MIN_VISIBLE = { width: 120, height: 60 };

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The saved bounds when a grabbable part of them is on a connected display's work area, else null (the
 * window then opens at its default size, centred): a monitor unplugged since last time must not leave
 * the window somewhere nobody can reach it.
 */
export function visibleBounds(
  saved: Rectangle | null,
  displays: ReadonlyArray<{ readonly workArea: Rectangle }>,
): Rectangle | null {
  if (!saved) return null;
  const onScreen = displays.some(({ workArea }) => {
    const shared = overlap(saved, workArea);
    return shared.width >= MIN_VISIBLE.width && shared.height >= MIN_VISIBLE.height;
  });
  return onScreen ? saved : null;
}
