/**
 * Received files streamed to the Downloads folder. The renderer hands over bytes in order; main writes
 * them to a hidden partial file and, once every announced byte is in, links it under a collision-free
 * name (link fails rather than overwrite). Aborting removes the partial file: nothing is left behind.
 * Names are sanitized here again: the renderer is not trusted with paths.
 */
import { randomUUID } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { sanitizeFileName, uniqueFileName } from '../../../common/file-names';
import type { DownloadRequest, DownloadTarget, SavedDownload } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';

/** The file-system calls used, so tests can run against a real temporary folder or a failing fake. */
export interface DownloadsFs {
  open(path: string, flags: string): Promise<FileHandle>;
  readdir(path: string): Promise<string[]>;
  link(existing: string, target: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

export interface DownloadsDeps {
  fs: DownloadsFs;
  /** `app.getPath('downloads')`, read when a download starts (the user may change it). */
  downloadsDir: () => string;
  showItemInFolder: (path: string) => void;
  logger: Logger;
}

interface Open {
  handle: FileHandle;
  dir: string;
  partPath: string;
  name: string;
  size: number;
  written: number;
}

export interface Downloads {
  open(request: DownloadRequest): Promise<Result<DownloadTarget>>;
  write(id: string, chunk: Uint8Array): Promise<Result<null>>;
  finish(id: string): Promise<Result<SavedDownload>>;
  abort(id: string): Promise<Result<null>>;
  show(id: string): Result<null>;
  dispose(): Promise<void>;
}

const CANNOT_WRITE = 'The file could not be written to your Downloads folder. Is the disk full?';

export function createDownloads(deps: DownloadsDeps): Downloads {
  const log = deps.logger.child({ name: 'main:downloads' });
  const open = new Map<string, Open>();
  const saved = new Map<string, string>();

  /** Names taken in the folder, and names promised to downloads still running. */
  async function takenNames(dir: string): Promise<Set<string>> {
    const names = new Set(await deps.fs.readdir(dir));
    for (const entry of open.values()) names.add(entry.name);
    return names;
  }

  async function discard(id: string): Promise<void> {
    const entry = open.get(id);
    if (!entry) return;
    open.delete(id);
    await entry.handle.close().catch(() => undefined);
    await deps.fs.unlink(entry.partPath).catch(() => undefined);
  }

  return {
    async open({ name, size }) {
      const dir = deps.downloadsDir();
      const id = randomUUID();
      try {
        await deps.fs.mkdir(dir, { recursive: true });
        const fileName = uniqueFileName(sanitizeFileName(name), await takenNames(dir));
        const partPath = join(dir, `.${id}.nearcast-part`);
        const handle = await deps.fs.open(partPath, 'wx');
        open.set(id, { handle, dir, partPath, name: fileName, size, written: 0 });
        return ok({ id, fileName });
      } catch (error) {
        log.error({ err: error }, 'cannot create a file in the downloads folder');
        return err('UNAVAILABLE', 'Your Downloads folder cannot be written to.');
      }
    },

    async write(id, chunk) {
      const entry = open.get(id);
      if (!entry) return err('INVALID_PAYLOAD', 'This download is not open.');
      if (entry.written + chunk.byteLength > entry.size) {
        await discard(id);
        return err('INVALID_PAYLOAD', 'More data arrived than the file size announced.');
      }
      try {
        await entry.handle.write(chunk);
        entry.written += chunk.byteLength;
        return ok(null);
      } catch (error) {
        log.error({ err: error }, 'write failed');
        await discard(id);
        return err('UNAVAILABLE', CANNOT_WRITE);
      }
    },

    async finish(id) {
      const entry = open.get(id);
      if (!entry) return err('INVALID_PAYLOAD', 'This download is not open.');
      if (entry.written !== entry.size) {
        await discard(id);
        return err('INVALID_PAYLOAD', 'The file is incomplete.');
      }
      try {
        await entry.handle.close();
        open.delete(id);
        const taken = await takenNames(entry.dir);
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const fileName = uniqueFileName(entry.name, taken);
          const path = join(entry.dir, fileName);
          try {
            await deps.fs.link(entry.partPath, path);
          } catch (error) {
            // Someone created that name meanwhile: never overwrite, take the next one.
            if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
              taken.add(fileName);
              continue;
            }
            throw error;
          }
          await deps.fs.unlink(entry.partPath);
          saved.set(id, path);
          return ok({ fileName, path });
        }
        throw new Error('no free file name');
      } catch (error) {
        log.error({ err: error }, 'finishing the download failed');
        open.set(id, entry);
        await discard(id);
        return err('UNAVAILABLE', CANNOT_WRITE);
      }
    },

    async abort(id) {
      await discard(id);
      return ok(null);
    },

    show(id) {
      const path = saved.get(id);
      if (!path) return err('INVALID_PAYLOAD', 'That file was not saved by this app.');
      deps.showItemInFolder(path);
      return ok(null);
    },

    async dispose() {
      await Promise.all([...open.keys()].map((id) => discard(id)));
    },
  };
}
