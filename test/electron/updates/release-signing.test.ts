/**
 * The publisher's side of signed updates: the key `npm run release:key` makes, the signatures
 * `npm run dist` writes beside the channel files, and the app's check of them (signed-feed.ts) agree;
 * the key is never overwritten and is readable by its owner only.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  publisherKeys,
  readPublisherKeys,
  signedByPublisher,
} from '../../../electron/main/updates/signed-feed';
import { newSigningKey, readSigningKey, signRelease } from '../../../scripts/release-signing.mjs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nearcast-signing-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the update signing key', () => {
  it('signs every channel file so that the app accepts it, and nothing altered', async () => {
    const keyFile = join(dir, 'update.key');
    const publicPem = newSigningKey(keyFile);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const release = join(dir, 'release');
    mkdirSync(release);
    writeFileSync(join(release, 'latest.yml'), 'version: 0.2.0\n');
    writeFileSync(join(release, 'latest-linux.yml'), 'version: 0.2.0\npath: a.deb\n');
    writeFileSync(join(release, 'Nearcast-0.2.0.deb'), 'package');

    expect(signRelease(release, readSigningKey(keyFile)).sort()).toEqual(['latest-linux.yml', 'latest.yml']);
    const keys = publisherKeys([publicPem]);
    for (const name of ['latest.yml', 'latest-linux.yml']) {
      const text = await readFile(join(release, name), 'utf8');
      const signature = await readFile(join(release, `${name}.sig`), 'utf8');
      expect(signedByPublisher(text, signature, keys), name).toBe(true);
      expect(signedByPublisher(text.replace('0.2.0', '9.9.9'), signature, keys)).toBe(false);
    }
    expect(signedByPublisher('version: 0.2.0\n', 'not base64!', keys)).toBe(false);
    expect(signedByPublisher('version: 0.2.0\n', '', keys)).toBe(false);
  });

  it('is never replaced by a second new-key, and a release without channel files is an error', async () => {
    const keyFile = join(dir, 'update.key');
    const first = newSigningKey(keyFile);
    expect(() => newSigningKey(keyFile)).toThrow(/never replaced/);
    expect(publisherKeys([first])).toHaveLength(1);
    expect(() => signRelease(dir, readSigningKey(keyFile))).toThrow(/No latest\*\.yml/);
    await writeFile(join(dir, 'not-a-key.pem'), 'hello');
    expect(() => readSigningKey(join(dir, 'not-a-key.pem'))).toThrow(/Cannot read the update signing key/);
  });

  it('is read by the app from its resources, and is absent from a build made without it', async () => {
    const keys = join(dir, 'update-keys');
    expect(readPublisherKeys(keys)).toEqual([]);
    mkdirSync(keys);
    const pem = newSigningKey(join(dir, 'k'));
    writeFileSync(join(keys, 'publisher.pem'), pem);
    writeFileSync(join(keys, 'README'), 'not a key');
    expect(readPublisherKeys(keys)).toEqual([pem]);
    expect(() => publisherKeys(['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'])).toThrow();
  });
});
