/**
 * The desktop settings screen's side in main: close to tray, start at login and the mute shortcut, each
 * read and changed here, where the OS has the final word. A new mute shortcut is tried on the OS before
 * it is saved: an accelerator Electron does not understand is INVALID_PAYLOAD, one another app holds
 * (or that Wayland refuses) is UNAVAILABLE, and the renderer words both. During a call the new shortcut
 * replaces the held one only once registered; outside a call it is registered and released at once,
 * only to learn whether it can be.
 */
import type { DesktopSettings } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import type { GlobalShortcutLike, LoginItemsLike } from '../electron-api/desktop';
import type { IpcHandlers } from '../ipc-registry';
import type { SettingsStore } from '../settings';
import type { MuteShortcut } from './mute-shortcut';

export interface DesktopSettingsOptions {
  settings: Pick<SettingsStore, 'get' | 'set'>;
  loginItems: LoginItemsLike;
  globalShortcut: GlobalShortcutLike;
  /** The shortcut held during a call. */
  muteShortcut: MuteShortcut;
  platform: string;
}

/** Electron registers login items on Windows and macOS only. */
export function loginItemsSupported(platform: string): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/** Whether the OS lets us have `accelerator` now; released straight away. */
function tryShortcut(globalShortcut: GlobalShortcutLike, accelerator: string): Result<null> {
  let done: boolean;
  try {
    done = globalShortcut.register(accelerator, () => undefined);
  } catch {
    // Electron throws on a string that is not an accelerator at all.
    return err('INVALID_PAYLOAD', `"${accelerator}" is not a keyboard shortcut.`);
  }
  if (!done) return err('UNAVAILABLE', `${accelerator} is taken by another app or not allowed here.`);
  globalShortcut.unregister(accelerator);
  return ok(null);
}

export function desktopSettingsHandlers(options: DesktopSettingsOptions): IpcHandlers {
  const { settings, loginItems, globalShortcut, muteShortcut, platform } = options;
  const supported = loginItemsSupported(platform);
  const read = (): DesktopSettings => ({
    closeToTray: settings.get('closeToTray'),
    openAtLogin: supported && loginItems.getLoginItemSettings().openAtLogin,
    openAtLoginSupported: supported,
    muteShortcut: settings.get('muteShortcut'),
  });

  return {
    'desktop:get-settings': () => ok(read()),
    'desktop:set-close-to-tray': (on) => {
      settings.set('closeToTray', on);
      return ok(read());
    },
    'desktop:set-open-at-login': (on) => {
      if (!supported) return err('UNAVAILABLE', 'This system has no login items for apps.');
      loginItems.setLoginItemSettings({ openAtLogin: on });
      return ok(read());
    },
    'desktop:set-mute-shortcut': (accelerator) => {
      const held = muteShortcut.current();
      if (accelerator !== held) {
        const tried =
          held === null ? tryShortcut(globalShortcut, accelerator) : muteShortcut.set(accelerator);
        if (!tried.ok) return tried;
      }
      settings.set('muteShortcut', accelerator);
      return ok(read());
    },
  };
}
