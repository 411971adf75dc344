/**
 * Received files, written straight to the Downloads folder as they arrive. The renderer streams each
 * file through the download channels (open, write in order, finish or abort) and may later reveal one it
 * saved; quitting removes whatever was left half-written.
 */
import type { Logger } from 'pino';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import { createDownloads, type DownloadsFs } from './downloads';

export interface DownloadsModuleOptions {
  registry: IpcRegistry;
  /** node:fs/promises in the app. */
  fs: DownloadsFs;
  /** `app.getPath('downloads')`, read when a download starts. */
  downloadsDir: () => string;
  /** `shell.showItemInFolder`. */
  showItemInFolder: (path: string) => void;
  logger: Logger;
}

export function downloadsModule({ registry, ...deps }: DownloadsModuleOptions): AppModule {
  return {
    name: 'downloads',
    enable() {
      const downloads = createDownloads(deps);
      const removeHandlers = registry.handle({
        'download:open': (request) => downloads.open(request),
        'download:write': (id, chunk) => downloads.write(id, chunk),
        'download:finish': (id) => downloads.finish(id),
        'download:abort': (id) => downloads.abort(id),
        'download:show': (id) => downloads.show(id),
      });
      return {
        async dispose() {
          removeHandlers();
          await downloads.dispose();
        },
      };
    },
  };
}
