/**
 * The desktop app's own settings (close to tray, start at login, the global mute shortcut), kept by
 * main, which checks each change against the OS; and the interface language, told to main for the
 * words it shows itself. In a browser none of this exists and the settings screen is not shown.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppLocale, DesktopSettings } from '../../../common/ipc';
import type { Result, ResultError } from '../../../common/result';
import { injectServices } from '../services';

export type SettingsProblem =
  | { kind: 'shortcutTaken'; shortcut: string }
  | { kind: 'shortcutInvalid'; shortcut: string }
  | { kind: 'error'; error: ResultError };

export const useDesktopSettingsStore = defineStore('desktopSettings', () => {
  const { platform } = injectServices();
  const settings = ref<DesktopSettings | null>(null);
  const problem = ref<SettingsProblem | null>(null);
  const busy = ref(false);

  async function apply(change: Promise<Result<DesktopSettings>>): Promise<Result<DesktopSettings>> {
    busy.value = true;
    problem.value = null;
    const result = await change;
    busy.value = false;
    if (result.ok) settings.value = result.data;
    return result;
  }

  async function load(): Promise<void> {
    if (!platform.desktop) return;
    const read = await apply(platform.desktopSettings.get());
    if (!read.ok) problem.value = { kind: 'error', error: read.error };
  }

  async function setCloseToTray(on: boolean): Promise<void> {
    const set = await apply(platform.desktopSettings.setCloseToTray(on));
    if (!set.ok) problem.value = { kind: 'error', error: set.error };
  }

  async function setOpenAtLogin(on: boolean): Promise<void> {
    const set = await apply(platform.desktopSettings.setOpenAtLogin(on));
    if (!set.ok) problem.value = { kind: 'error', error: set.error };
  }

  /** True when main took the new keys; otherwise `problem` says why (another app holds them, say). */
  async function setMuteShortcut(accelerator: string): Promise<boolean> {
    const set = await apply(platform.desktopSettings.setMuteShortcut(accelerator));
    if (set.ok) return true;
    const { code } = set.error;
    problem.value =
      code === 'UNAVAILABLE'
        ? { kind: 'shortcutTaken', shortcut: accelerator }
        : code === 'INVALID_PAYLOAD'
          ? { kind: 'shortcutInvalid', shortcut: accelerator }
          : { kind: 'error', error: set.error };
    return false;
  }

  /** The key capture refused a key on this side (no modifier): same words as main's refusal. */
  function refuseShortcut(shortcut: string): void {
    problem.value = { kind: 'shortcutInvalid', shortcut };
  }

  /** Main words the tray, menus and dialogs in this language from now on. */
  function tellLanguage(locale: AppLocale): void {
    if (platform.desktop) void platform.language.tell(locale);
  }

  return {
    settings,
    problem,
    busy,
    load,
    setCloseToTray,
    setOpenAtLogin,
    setMuteShortcut,
    refuseShortcut,
    tellLanguage,
  };
});
