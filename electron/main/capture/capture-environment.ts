/**
 * What the share picker must know about this system before it lists anything:
 *  - Wayland: Chromium captures through the xdg-desktop-portal, which shows its own dialog;
 *    desktopCapturer then returns a single placeholder source, and the picker says so.
 *  - Windows: the system's audio output can be captured with the screen ("loopback").
 *  - macOS: without the Screen Recording permission the list is empty or blank, so the picker offers to
 *    open the right System Settings pane instead of showing nothing.
 */
import type { CaptureEnvironment } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import type { ShellLike, SystemPreferencesLike } from '../electron-api/desktop';

export const SCREEN_RECORDING_SETTINGS_URL =
  'x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture';

/** Read once in the composition root: either variable means a Wayland session. */
export function isWaylandSession(env: { XDG_SESSION_TYPE?: string; WAYLAND_DISPLAY?: string }): boolean {
  return env.XDG_SESSION_TYPE?.toLowerCase() === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

export function supportsLoopbackAudio(platform: string): boolean {
  return platform === 'win32';
}

const PERMISSIONS = new Set(['granted', 'denied', 'restricted', 'not-determined']);

export interface CaptureEnvironmentOptions {
  platform: string;
  wayland: boolean;
  systemPreferences: SystemPreferencesLike;
  shell: ShellLike;
}

export function createCaptureEnvironment(options: CaptureEnvironmentOptions) {
  const { platform, systemPreferences, shell } = options;
  return {
    /** Read fresh each time: the user may grant the permission while the picker is open. */
    read(): CaptureEnvironment {
      let screenPermission: CaptureEnvironment['screenPermission'] = 'granted';
      if (platform === 'darwin') {
        const status = systemPreferences.getMediaAccessStatus('screen');
        screenPermission = PERMISSIONS.has(status)
          ? (status as CaptureEnvironment['screenPermission'])
          : 'unknown';
      }
      return {
        wayland: platform === 'linux' && options.wayland,
        systemAudio: supportsLoopbackAudio(platform),
        screenPermission,
      };
    },
    async openScreenRecordingSettings(): Promise<Result<null>> {
      if (platform !== 'darwin') return err('UNAVAILABLE', 'Screen recording needs no permission here.');
      await shell.openExternal(SCREEN_RECORDING_SETTINGS_URL);
      return ok(null);
    },
  };
}

export type CaptureEnvironmentService = ReturnType<typeof createCaptureEnvironment>;
