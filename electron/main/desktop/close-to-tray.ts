/**
 * Closing the window hides it and Nearcast keeps running in the tray, so a call can still ring: the page
 * (and its signaling connection) lives on in the hidden window. On macOS the app already stays in the Dock
 * with no window; hiding instead of destroying keeps that look while the page keeps listening, and the
 * Dock icon ('activate') shows the window again. A real quit (confirmed by quit-guard.ts) closes for good,
 * and so does every close when the user turned "Closing the window keeps Nearcast running" off.
 *
 * With the setting off, closing the window quits on Windows and Linux — through app.quit(), so the
 * quit-guard's question comes before the window (and the call in it) is gone.
 *
 * The first time the window hides, a notification says where Nearcast went; macOS users expect it, so
 * they get none.
 */
import type { BrowserWindowLike, PreventableEvent } from '../electron-api/app';
import type { NotificationClass, NotificationLike } from '../electron-api/desktop';
import type { SettingsStore } from '../settings';
import type { MainStrings } from './strings';

export interface CloseToTrayOptions {
  settings: Pick<SettingsStore, 'get' | 'set'>;
  Notification: NotificationClass;
  platform: string;
  quitting: () => boolean;
  /** With the setting off, closing the window is quitting (except on macOS), asked like any quit. */
  quit: () => void;
  strings: () => MainStrings;
  /** The hint's click shows the window again. */
  show: () => void;
}

/** Hooks one window's 'close'; returns nothing to undo, the window's listeners go with it. */
export function closeToTray(window: BrowserWindowLike, options: CloseToTrayOptions): void {
  const { settings, Notification, platform } = options;
  // Kept referenced while it shows: Electron drops the events of a collected notification.
  let hint: NotificationLike | null = null;
  window.on('close', (event: PreventableEvent) => {
    if (options.quitting()) return;
    if (!settings.get('closeToTray')) {
      if (platform === 'darwin') return;
      event.preventDefault();
      options.quit();
      return;
    }
    event.preventDefault();
    window.hide();
    if (platform === 'darwin' || settings.get('trayHintShown') || !Notification.isSupported()) return;
    settings.set('trayHintShown', true);
    const words = options.strings();
    hint = new Notification({ title: words.trayHintTitle, body: words.trayHintBody });
    hint.on('click', options.show);
    hint.on('close', () => (hint = null));
    hint.show();
  });
}
