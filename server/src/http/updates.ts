/**
 * Serves a release folder under /updates/ so a LAN with no internet updates its desktop apps from its
 * own server: electron-updater's `generic` provider reads the channel file (latest*.yml), then
 * downloads the installer it names, with byte ranges when a blockmap allows a differential download
 * (several ranges in one request, answered as multipart/byteranges).
 *
 * Only flat file names with a release extension are served: no listing, no sub-folders, no dot files,
 * nothing outside the folder (a name is one path segment, checked after decoding). Files are looked
 * up on every request, so a new release dropped into the folder is served without a restart.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { UPDATES_PATH } from '../../../common/updates';

/** What each release file is, by extension; any other file in the folder is never served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  yml: 'text/yaml; charset=utf-8',
  exe: 'application/vnd.microsoft.portable-executable',
  dmg: 'application/x-apple-diskimage',
  zip: 'application/zip',
  appimage: 'application/vnd.appimage',
  deb: 'application/vnd.debian.binary-package',
  blockmap: 'application/octet-stream',
  // A channel file's signature by the publisher (common/updates.ts UPDATE_SIGNATURE_SUFFIX).
  sig: 'text/plain; charset=utf-8',
};

/** electron-updater asks for the changed blocks of an installer; thousands is already abuse. */
export const MAX_RANGES = 1000;

/** A name as electron-builder writes them (`Nearcast-1.2.0-win-x64.exe`): one segment, no dot first. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;

interface Range {
  start: number;
  end: number;
}

/** The file name a request path names, or null when it names anything else. */
export function releaseFileName(path: string): string | null {
  if (!path.startsWith(UPDATES_PATH)) return null;
  let name: string;
  try {
    name = decodeURIComponent(path.slice(UPDATES_PATH.length));
  } catch {
    return null;
  }
  if (!FILE_NAME.test(name) || name.includes('..')) return null;
  return contentType(name) ? name : null;
}

function contentType(name: string): string | undefined {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return Object.hasOwn(CONTENT_TYPES, extension) ? CONTENT_TYPES[extension] : undefined;
}

/**
 * The ranges of a `Range` header, ascending and apart, or null when they cannot be served as asked
 * (unsatisfiable, malformed, overlapping: a 416). Overlaps are refused rather than merged: the
 * updater never sends them, and repeated ranges would make a small request send a file many times.
 */
export function parseRanges(header: string, size: number): Range[] | null {
  const match = /^bytes=(.+)$/.exec(header.trim());
  if (!match?.[1]) return null;
  const specs = match[1].split(',');
  if (specs.length > MAX_RANGES) return null;
  const ranges: Range[] = [];
  for (const spec of specs) {
    const parts = /^\s*(\d*)-(\d*)\s*$/.exec(spec);
    if (!parts) return null;
    const [, first = '', last = ''] = parts;
    let range: Range;
    if (first === '') {
      if (last === '' || Number(last) === 0) return null;
      range = { start: Math.max(0, size - Number(last)), end: size - 1 };
    } else {
      const start = Number(first);
      const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
      if (start >= size || end < start) return null;
      range = { start, end };
    }
    const previous = ranges.at(-1);
    if (previous && range.start <= previous.end) return null;
    ranges.push(range);
  }
  return ranges;
}

function notFound(res: ServerResponse, head: boolean, body = 'Not found.\n'): void {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

/** Handles one request under {@link UPDATES_PATH}; `dir` null: this server serves no updates. */
export type UpdatesHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

export function createUpdatesHandler(dir: string | null, logger: Logger): UpdatesHandler {
  const log = logger.child({ name: 'server:updates' });

  async function serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const head = req.method === 'HEAD';
    if (dir === null) {
      notFound(res, head, 'This server does not serve updates.\n');
      return;
    }
    const name = releaseFileName(path);
    const type = name && contentType(name);
    if (!name || !type) {
      notFound(res, head);
      return;
    }
    const file = join(dir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      notFound(res, head);
      return;
    }
    const size = info.size;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Last-Modified', info.mtime.toUTCString());

    const rangeHeader = req.headers.range;
    const ranges = rangeHeader === undefined ? [{ start: 0, end: size - 1 }] : parseRanges(rangeHeader, size);
    if (ranges === null) {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${size}`);
      res.end();
      return;
    }
    if (ranges.length === 1) {
      const [range] = ranges as [Range];
      res.statusCode = rangeHeader === undefined ? 200 : 206;
      if (rangeHeader !== undefined)
        res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader('Content-Type', type);
      res.setHeader('Content-Length', size === 0 ? 0 : range.end - range.start + 1);
      if (head || size === 0) {
        res.end();
        return;
      }
      await pipeline(createReadStream(file, range), res);
      return;
    }

    const boundary = randomBytes(12).toString('hex');
    const partHead = (range: Range, first: boolean): string =>
      `${first ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    let length = Buffer.byteLength(tail);
    ranges.forEach(
      (range, i) => (length += Buffer.byteLength(partHead(range, i === 0)) + range.end - range.start + 1),
    );
    res.statusCode = 206;
    res.setHeader('Content-Type', `multipart/byteranges; boundary=${boundary}`);
    res.setHeader('Content-Length', length);
    if (head) {
      res.end();
      return;
    }
    for (const [i, range] of ranges.entries()) {
      res.write(partHead(range, i === 0));
      await pipeline(createReadStream(file, range), res, { end: false });
    }
    res.end(tail);
  }

  return (req, res, path) => {
    serve(req, res, path).catch((error: unknown) => {
      log.warn({ err: error, path }, 'could not serve a release file');
      if (!res.headersSent) notFound(res, req.method === 'HEAD');
      else res.destroy();
    });
  };
}
