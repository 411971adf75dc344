/**
 * English words of pointing and drawing on a shared screen. The browser tests find the tools by these
 * words ("Point", "Undo"…): change them and those tests with them.
 */
export const enAnnotations = {
  toolsFor: "Point and draw on {name}'s screen",
  toolsOwn: 'Point and draw on your shared screen',
  pointer: 'Point',
  arrow: 'Arrow',
  box: 'Box',
  free: 'Draw',
  keep: 'Keep strokes',
  undo: 'Undo',
  clear: 'Clear all',
  allow: 'Let others point and draw',
  off: '{name} turned pointing and drawing off',
  pointerOf: 'Pointer of {name}',
};
