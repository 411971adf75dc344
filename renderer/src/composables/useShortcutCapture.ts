/**
 * The mute shortcut's key capture: the user presses the keys they want, and this writes them as an
 * Electron accelerator (`CommandOrControl+Shift+M`). Main has the final word (the OS may refuse keys
 * another app holds); this only refuses what cannot be a global shortcut: a key alone, which would take
 * that key from every app, or a key with no accelerator name.
 */

/** What the capture reads from a `keydown`. */
export interface KeyPress {
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type Captured =
  | { kind: 'shortcut'; accelerator: string }
  /** Only modifiers so far: keep listening. */
  | { kind: 'waiting' }
  /** A key with no modifier (F-keys excepted), or one without an accelerator name. */
  | { kind: 'refused' };

const NAMED: Readonly<Record<string, string>> = {
  Space: 'Space',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
  Delete: 'Delete',
};

const MODIFIER_CODES = /^(Control|Shift|Alt|Meta|OS)(Left|Right)?$/;

/** The accelerator name of the key at `code` (layout-independent), or null. */
function keyName(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return digit[1] ?? null;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return NAMED[code] ?? null;
}

/** `mac`: Command is the primary modifier there, Control elsewhere. */
export function captureShortcut(press: KeyPress, mac: boolean): Captured {
  if (MODIFIER_CODES.test(press.code)) return { kind: 'waiting' };
  const key = keyName(press.code);
  if (key === null) return { kind: 'refused' };
  const modifiers: string[] = [];
  if (mac ? press.metaKey : press.ctrlKey) modifiers.push('CommandOrControl');
  if (mac && press.ctrlKey) modifiers.push('Control');
  if (!mac && press.metaKey) modifiers.push('Super');
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  if (modifiers.length === 0 && !/^F\d+$/.test(key)) return { kind: 'refused' };
  return { kind: 'shortcut', accelerator: [...modifiers, key].join('+') };
}

/** How a shortcut reads on this system: Command or Ctrl for CommandOrControl. */
export function shortcutLabel(accelerator: string, mac: boolean): string {
  return accelerator
    .split('+')
    .map((part) => (part === 'CommandOrControl' ? (mac ? 'Cmd' : 'Ctrl') : part))
    .join('+');
}

/** Whether this page runs on macOS (Command rather than Control). */
export function onMac(nav: Pick<Navigator, 'userAgent'> = navigator): boolean {
  return /Mac/.test(nav.userAgent);
}
