import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDownloads,
  type Downloads,
  type DownloadsFs,
} from '../../../electron/main/downloads/downloads';

let dir: string;
let shown: string[];

function downloads(fsImpl: DownloadsFs = fs): Downloads {
  return createDownloads({
    fs: fsImpl,
    downloadsDir: () => dir,
    showItemInFolder: (path) => shown.push(path),
    logger: pino({ level: 'silent' }),
  });
}

async function save(d: Downloads, name: string, content: string) {
  const opened = await d.open({ name, size: Buffer.byteLength(content) });
  if (!opened.ok) throw new Error(opened.error.message);
  for (const part of [content.slice(0, 2), content.slice(2)]) {
    expect(await d.write(opened.data.id, new TextEncoder().encode(part))).toEqual({ ok: true, data: null });
  }
  return { id: opened.data.id, result: await d.finish(opened.data.id) };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nearcast-downloads-'));
  shown = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('downloads', () => {
  it('streams a file into the Downloads folder under its sanitized name, leaving no partial file', async () => {
    const { result } = await save(downloads(), '../../../report.txt', 'hello world');
    expect(result).toEqual({ ok: true, data: { fileName: 'report.txt', path: join(dir, 'report.txt') } });
    expect(await readFile(join(dir, 'report.txt'), 'utf8')).toBe('hello world');
    expect(await readdir(dir)).toEqual(['report.txt']);
  });

  it('never overwrites: a name already taken gets a suffix', async () => {
    await writeFile(join(dir, 'photo.jpg'), 'mine');
    const d = downloads();
    const first = await save(d, 'photo.jpg', 'theirs');
    const second = await save(d, 'photo.jpg', 'again');
    expect(first.result.ok && first.result.data.fileName).toBe('photo (2).jpg');
    expect(second.result.ok && second.result.data.fileName).toBe('photo (3).jpg');
    expect(await readFile(join(dir, 'photo.jpg'), 'utf8')).toBe('mine');
  });

  it('removes the partial file on abort', async () => {
    const d = downloads();
    const opened = await d.open({ name: 'big.iso', size: 100 });
    if (!opened.ok) throw new Error('not opened');
    await d.write(opened.data.id, new Uint8Array(10));
    expect(await readdir(dir)).toHaveLength(1);
    expect(await d.abort(opened.data.id)).toEqual({ ok: true, data: null });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses more bytes than announced, and an incomplete finish, leaving nothing', async () => {
    const d = downloads();
    const a = await d.open({ name: 'a.bin', size: 4 });
    if (!a.ok) throw new Error('not opened');
    const over = await d.write(a.data.id, new Uint8Array(5));
    expect(over).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const b = await d.open({ name: 'b.bin', size: 4 });
    if (!b.ok) throw new Error('not opened');
    await d.write(b.data.id, new Uint8Array(2));
    expect(await d.finish(b.data.id)).toMatchObject({
      ok: false,
      error: { message: 'The file is incomplete.' },
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says the disk cannot be written when a write fails, and cleans up', async () => {
    const failing: DownloadsFs = {
      ...fs,
      open: async (path, flags) => {
        const handle = await fs.open(path, flags);
        return Object.assign(handle, {
          write: vi.fn(async () => {
            throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
          }),
        });
      },
    };
    const d = downloads(failing);
    const opened = await d.open({ name: 'a.bin', size: 4 });
    if (!opened.ok) throw new Error('not opened');
    const result = await d.write(opened.data.id, new Uint8Array(4));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/disk full/) },
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('shows in its folder only a file it saved', async () => {
    const d = downloads();
    const { id } = await save(d, 'notes.txt', 'abc');
    expect(d.show(id)).toEqual({ ok: true, data: null });
    expect(shown).toEqual([join(dir, 'notes.txt')]);
    expect(d.show('00000000-0000-0000-0000-000000000000')).toMatchObject({ ok: false });
    expect(shown).toHaveLength(1);
  });

  it('removes partial files of downloads still open when the app quits', async () => {
    const d = downloads();
    await d.open({ name: 'a.bin', size: 10 });
    await d.dispose();
    expect(await readdir(dir)).toEqual([]);
  });
});
