import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DOWNLOAD_WRITE_BYTES } from '../../../common/ipc';
import { downloadsModule } from '../../../electron/main/downloads/downloads-module';
import { trustedIpc } from '../support/ipc';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nearcast-downloads-module-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function setup() {
  const ipc = trustedIpc();
  const shown: string[] = [];
  const downloads = await downloadsModule({
    registry: ipc.registry,
    fs,
    downloadsDir: () => dir,
    showItemInFolder: (path) => void shown.push(path),
    logger: pino({ level: 'silent' }),
  }).enable();
  const open = async (name: string, size: number): Promise<string> => {
    const opened = (await ipc.invoke('download:open', { name, size })) as { ok: true; data: { id: string } };
    return opened.data.id;
  };
  return { ...ipc, shown, downloads, open };
}

describe('downloads module', () => {
  it('streams a received file to the Downloads folder through IPC and reveals it', async () => {
    const { invoke, open, shown } = await setup();
    const id = await open('notes.txt', 5);
    await expect(invoke('download:write', id, new TextEncoder().encode('hello'))).resolves.toEqual({
      ok: true,
      data: null,
    });
    await expect(invoke('download:finish', id)).resolves.toEqual({
      ok: true,
      data: { fileName: 'notes.txt', path: join(dir, 'notes.txt') },
    });
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('hello');
    await expect(invoke('download:show', id)).resolves.toEqual({ ok: true, data: null });
    expect(shown).toEqual([join(dir, 'notes.txt')]);
  });

  it('refuses a chunk larger than one write may carry before it reaches the file', async () => {
    const { invoke, open } = await setup();
    const id = await open('big.bin', MAX_DOWNLOAD_WRITE_BYTES + 1);
    await expect(
      invoke('download:write', id, new Uint8Array(MAX_DOWNLOAD_WRITE_BYTES + 1)),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('removes its handlers and any half-written file on dispose', async () => {
    const { invoke, open, downloads, channels } = await setup();
    const id = await open('half.bin', 10);
    await invoke('download:write', id, new Uint8Array(4));
    expect(await readdir(dir)).toHaveLength(1);
    await downloads.dispose();
    expect(channels()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });
});
