/**
 * The global mute shortcut (default CommandOrControl+Shift+M): toggles mute while another app has
 * focus. Registration can fail (another app holds the keys, Wayland refuses global shortcuts) and that
 * is an expected Result for the settings UI, not an exception. A new shortcut replaces the old one only
 * once it is registered, so a failed change leaves the working shortcut in place.
 */
import { err, ok, type Result } from '../../../common/result';
import type { GlobalShortcutLike } from '../electron-api/desktop';

export interface MuteShortcutOptions {
  globalShortcut: GlobalShortcutLike;
  onPress: () => void;
}

export interface MuteShortcut {
  set(accelerator: string): Result<string>;
  current(): string | null;
  dispose(): void;
}

export function createMuteShortcut({ globalShortcut, onPress }: MuteShortcutOptions): MuteShortcut {
  let registered: string | null = null;

  return {
    set(accelerator) {
      if (accelerator === registered) return ok(accelerator);
      let done: boolean;
      try {
        done = globalShortcut.register(accelerator, onPress);
      } catch {
        // Electron throws on a string that is not an accelerator at all.
        return err('INVALID_PAYLOAD', `"${accelerator}" is not a keyboard shortcut.`);
      }
      if (!done) {
        return err(
          'UNAVAILABLE',
          `${accelerator} is taken by another app or not allowed here. Choose another.`,
        );
      }
      if (registered) globalShortcut.unregister(registered);
      registered = accelerator;
      return ok(accelerator);
    },
    current: () => registered,
    dispose() {
      if (registered) globalShortcut.unregister(registered);
      registered = null;
    },
  };
}
