/**
 * The release files the server hands the desktop app's updater (`updatesDir`, the CLI's --updates):
 * the channel files and installers with their types, byte ranges for electron-updater's differential
 * download (one range, or several as multipart/byteranges), and nothing else from the folder or
 * outside it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPDATES_PATH } from '../../common/updates';
import { useHarness } from './helpers';

const harness = useHarness();

const LATEST = 'version: 0.2.0\nfiles:\n  - url: Nearcast-0.2.0-win-x64.exe\n';
/** 256 distinct bytes, so any range names its own content. */
const INSTALLER = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

let root: string;
let updatesDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nearcast-updates-'));
  updatesDir = join(root, 'release');
  await mkdir(updatesDir);
  await writeFile(join(updatesDir, 'latest.yml'), LATEST);
  await writeFile(join(updatesDir, 'latest-linux.yml'), LATEST);
  await writeFile(join(updatesDir, 'Nearcast-0.2.0-win-x64.exe'), INSTALLER);
  await writeFile(join(updatesDir, 'Nearcast-0.2.0-win-x64.exe.blockmap'), 'map');
  await writeFile(join(updatesDir, 'Nearcast-0.2.0-linux-x86_64.AppImage'), INSTALLER);
  await writeFile(join(updatesDir, '.env'), 'SECRET=1');
  await writeFile(join(updatesDir, 'notes.txt'), 'private');
  await mkdir(join(updatesDir, 'old'));
  await writeFile(join(root, 'outside.yml'), 'secret: 1\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(base), { path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a server given a release folder', () => {
  it('serves the channel files as YAML, never cached without revalidation', async () => {
    const { address } = await harness.start({ updatesDir });

    const response = await fetch(new URL(`${UPDATES_PATH}latest.yml`, address.url));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/yaml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(LATEST);
    expect((await fetch(new URL(`${UPDATES_PATH}latest-linux.yml`, address.url))).status).toBe(200);
  });

  it.each([
    ['Nearcast-0.2.0-win-x64.exe', 'application/vnd.microsoft.portable-executable'],
    ['Nearcast-0.2.0-linux-x86_64.AppImage', 'application/vnd.appimage'],
    ['Nearcast-0.2.0-win-x64.exe.blockmap', 'application/octet-stream'],
  ])('serves %s as %s, announcing byte ranges', async (name, type) => {
    const { address } = await harness.start({ updatesDir });

    const response = await fetch(new URL(`${UPDATES_PATH}${name}`, address.url));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.arrayBuffer()).toHaveProperty('byteLength', name.endsWith('.blockmap') ? 3 : 256);
  });

  it('answers one range with 206 and exactly those bytes', async () => {
    const { address } = await harness.start({ updatesDir });
    const url = new URL(`${UPDATES_PATH}Nearcast-0.2.0-win-x64.exe`, address.url);

    const middle = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 10-19/256');
    expect(Buffer.from(await middle.arrayBuffer())).toEqual(INSTALLER.subarray(10, 20));

    const tail = await fetch(url, { headers: { Range: 'bytes=-6' } });
    expect(tail.headers.get('content-range')).toBe('bytes 250-255/256');
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(INSTALLER.subarray(250));

    const open = await fetch(url, { headers: { Range: 'bytes=254-' } });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(INSTALLER.subarray(254));
  });

  it('answers several ranges as multipart/byteranges, in order', async () => {
    const { address } = await harness.start({ updatesDir });
    const url = new URL(`${UPDATES_PATH}Nearcast-0.2.0-win-x64.exe`, address.url);

    const response = await fetch(url, { headers: { Range: 'bytes=0-1,100-102' } });

    expect(response.status).toBe(206);
    const type = response.headers.get('content-type') ?? '';
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(type)?.[1];
    expect(boundary).toBeTruthy();
    const body = Buffer.from(await response.arrayBuffer());
    const expected = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/vnd.microsoft.portable-executable\r\nContent-Range: bytes 0-1/256\r\n\r\n`,
      ),
      INSTALLER.subarray(0, 2),
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: application/vnd.microsoft.portable-executable\r\nContent-Range: bytes 100-102/256\r\n\r\n`,
      ),
      INSTALLER.subarray(100, 103),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(body).toEqual(expected);
    expect(Number(response.headers.get('content-length'))).toBe(expected.length);
  });

  it('refuses ranges past the end, backwards or overlapping with 416', async () => {
    const { address } = await harness.start({ updatesDir });
    const url = new URL(`${UPDATES_PATH}Nearcast-0.2.0-win-x64.exe`, address.url);

    for (const range of ['bytes=300-400', 'bytes=20-10', 'bytes=0-10,5-20', 'items=0-1']) {
      const response = await fetch(url, { headers: { Range: range } });
      expect(response.status, range).toBe(416);
      expect(response.headers.get('content-range'), range).toBe('bytes */256');
    }
  });

  it('lists nothing and serves no other file, in the folder or outside it', async () => {
    const { address } = await harness.start({ updatesDir });

    for (const path of [
      UPDATES_PATH,
      '/updates',
      `${UPDATES_PATH}old`,
      `${UPDATES_PATH}.env`,
      `${UPDATES_PATH}notes.txt`,
      `${UPDATES_PATH}missing.yml`,
      `${UPDATES_PATH}../outside.yml`,
      `${UPDATES_PATH}..%2foutside.yml`,
      `${UPDATES_PATH}%2e%2e%2foutside.yml`,
      `${UPDATES_PATH}old/..%2f..%2foutside.yml`,
      `${UPDATES_PATH}..%5coutside.yml`,
      `${UPDATES_PATH}latest.yml%00.exe`,
    ]) {
      const response = await rawGet(address.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body.toString(), path).not.toMatch(/secret|private|latest|0\.2\.0|<html/i);
    }
  });

  it('answers HEAD with the headers only', async () => {
    const { address } = await harness.start({ updatesDir });

    const response = await fetch(new URL(`${UPDATES_PATH}Nearcast-0.2.0-win-x64.exe`, address.url), {
      method: 'HEAD',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('256');
    expect(await response.text()).toBe('');
  });
});

describe('a server without a release folder', () => {
  it('says it serves no updates instead of handing the updater the web client', async () => {
    const staticDir = join(root, 'web');
    await mkdir(staticDir);
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Nearcast</title>');
    const { address } = await harness.start({ staticDir });

    const response = await fetch(new URL(`${UPDATES_PATH}latest.yml`, address.url));

    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('<title>');
  });
});
