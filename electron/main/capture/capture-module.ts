/**
 * Screen sharing, main's side: the sources our picker lists, what the picker must know about this system,
 * and the display-media grant that gives `getDisplayMedia()` exactly the source the user picked. The
 * channels are the picker's whole way in: list, pick, and (macOS) open the permission settings.
 */
import type { Logger } from 'pino';
import { err, ok } from '../../../common/result';
import type { DesktopCapturerLike } from '../electron-api/capture';
import type { ShellLike, SystemPreferencesLike } from '../electron-api/desktop';
import type { SessionLike } from '../electron-api/session';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import { createCaptureEnvironment } from './capture-environment';
import { listCaptureSources } from './capture-sources';
import { createDisplayMedia, type DisplayMediaOptions } from './display-media';

export interface CaptureModuleOptions {
  registry: IpcRegistry;
  session: Pick<SessionLike, 'setDisplayMediaRequestHandler'>;
  desktopCapturer: DesktopCapturerLike;
  shell: ShellLike;
  systemPreferences: SystemPreferencesLike;
  /** `process.platform`: Windows captures system audio, macOS asks for a permission. */
  platform: string;
  /** A Wayland session: the desktop portal shows its own dialog. */
  wayland: boolean;
  /** Only a main frame on this origin may be granted a screen. */
  trustedOrigin: string;
  /** Told of every granted source (the overlay goes over a shared display). */
  onGranted?: DisplayMediaOptions['onGranted'];
  logger: Logger;
}

export function captureModule(options: CaptureModuleOptions): AppModule {
  const { registry, desktopCapturer } = options;
  return {
    name: 'capture',
    enable() {
      const log = options.logger.child({ name: 'main:capture' });
      const environment = createCaptureEnvironment(options);
      const displayMedia = createDisplayMedia({
        session: options.session,
        desktopCapturer,
        trustedOrigin: options.trustedOrigin,
        loopbackAudio: environment.read().systemAudio,
        onGranted: options.onGranted,
        logger: options.logger,
      });
      displayMedia.enable();
      const removeHandlers = registry.handle({
        'capture:list-sources': async (query) => {
          try {
            return ok(await listCaptureSources(desktopCapturer, query));
          } catch (error) {
            // Typically macOS without the Screen Recording permission, or Wayland without a portal.
            log.warn({ err: error }, 'listing capture sources failed');
            return err(
              'UNAVAILABLE',
              'Screen sharing is not available. Check the system permission for screen recording.',
            );
          }
        },
        'capture:select-source-with': (sourceId, captureOptions) =>
          displayMedia.select(sourceId, captureOptions),
        'capture:environment': () => ok(environment.read()),
        'capture:open-screen-settings': () => environment.openScreenRecordingSettings(),
      });
      return {
        dispose() {
          removeHandlers();
          displayMedia.dispose();
        },
      };
    },
  };
}
