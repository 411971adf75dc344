/**
 * What electron-builder needs to build installers that install and look right, checked without the
 * Electron binary (which cannot be downloaded here): the metadata the deb target stops without, an
 * artifact name per architecture, every icon size each platform asks for (drawn by build/make-icon.mjs),
 * the tray images main loads, and the app id main gives Windows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, trayIconPath } from '../../electron/main/desktop/app-identity';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<string, unknown>;
const builder = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(new URL(path, root));
  expect(bytes.subarray(1, 4).toString('ascii'), path).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

type Targets = { target: string; arch: string[] }[];
const platform = (name: string) => builder[name] as Record<string, unknown> & { target: Targets };

describe('package metadata', () => {
  it('names an author with an email, a homepage and a deb maintainer (the deb target stops without them)', () => {
    expect(pkg.author).toMatchObject({
      name: expect.any(String),
      email: expect.stringMatching(/^[^@\s]+@[^@\s]+$/),
    });
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(platform('linux').maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(pkg.description).toBeTruthy();
  });

  it('builds x64 and arm64 for every platform, each installer named by its architecture', () => {
    for (const name of ['linux', 'win', 'mac']) {
      for (const target of platform(name).target)
        expect(target.arch, `${name} ${target.target}`).toEqual(['x64', 'arm64']);
    }
    expect(builder.artifactName).toContain('${arch}');
    expect(builder.artifactName).toContain('${version}');
  });

  it('gives Windows the installer’s app id', () => {
    expect(builder.appId).toBe(APP_ID);
  });
});

describe('icons', () => {
  it('are 1024 px for macOS and Windows', () => {
    expect(platform('mac').icon).toBe('build/icon.png');
    expect(platform('win').icon).toBe('build/icon.png');
    expect(pngSize('build/icon.png')).toEqual({ width: 1024, height: 1024 });
  });

  it('cover the Linux icon theme sizes, 16 to 512', () => {
    expect(platform('linux').icon).toBe('build/icons');
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(`build/icons/${size}x${size}.png`)).toEqual({ width: size, height: size });
    }
  });

  it('give the tray a template image on macOS and the colour icon elsewhere, each at 1x and 2x, shipped as resources', () => {
    expect(builder.extraResources).toContainEqual({ from: 'build/tray', to: 'tray' });
    for (const os of ['darwin', 'linux', 'win32'] as const) {
      const file = trayIconPath(os, 'build/tray');
      expect(existsSync(new URL(file, root)), file).toBe(true);
      expect(pngSize(file)).toEqual({ width: 16, height: 16 });
      expect(pngSize(file.replace('.png', '@2x.png'))).toEqual({ width: 32, height: 32 });
    }
    expect(trayIconPath('darwin', 'build/tray')).toMatch(/Template\.png$/);
  });
});
