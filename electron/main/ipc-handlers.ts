/**
 * The handlers behind each IPC channel: plain functions from validated arguments to a Result. The
 * registry has already checked the sender and the arguments by the time any of these run.
 */
import type { Logger } from 'pino';
import { err, ok } from '../../common/result';
import { listCaptureSources } from './capture-sources';
import type { DisplayMedia } from './display-media';
import type { DesktopCapturerLike } from './electron-api';
import type { IpcRegistry } from './ipc-registry';
import type { ServerChoice } from './server-choice';

export interface IpcHandlerDeps {
  registry: IpcRegistry;
  desktopCapturer: DesktopCapturerLike;
  displayMedia: Pick<DisplayMedia, 'select'>;
  /** The embedded server, or the one the user chose instead. */
  serverChoice: ServerChoice;
  logger: Logger;
}

/** Registers one handler per channel of common/ipc; the registry refuses a channel registered twice. */
export function registerIpcHandlers({
  registry,
  desktopCapturer,
  displayMedia,
  serverChoice,
  logger,
}: IpcHandlerDeps): void {
  const log = logger.child({ name: 'main:capture' });

  registry.handle('capture:list-sources', async (query) => {
    try {
      return ok(await listCaptureSources(desktopCapturer, query));
    } catch (error) {
      // Typically macOS without the Screen Recording permission, or a Wayland session without a portal.
      log.warn({ err: error }, 'listing capture sources failed');
      return err(
        'UNAVAILABLE',
        'Screen sharing is not available. Check the system permission for screen recording.',
      );
    }
  });
  registry.handle('capture:select-source', (sourceId) => displayMedia.select(sourceId));
  registry.handle('app:signaling-url', () => ok(serverChoice.current()));
  registry.handle('app:set-signaling-server', (address) => serverChoice.choose(address));
}
