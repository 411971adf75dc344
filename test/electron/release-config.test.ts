/**
 * What electron-builder.yml asks of every release, checked without the Electron binary: Electron's
 * fuses, flipped by electron-builder itself right before signing (read here through electron-builder's
 * own mapping to @electron/fuses, so a misspelt key cannot pass), and the update files a LAN server
 * serves with --updates (a generic feed, so latest*.yml and blockmaps are written next to the installers).
 */
import { readFileSync } from 'node:fs';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { PlatformPackager, type Configuration } from 'app-builder-lib';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const builder = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  scripts: Record<string, string>;
};

type FuseMapper = (fuses: unknown) => Promise<Record<string | number, unknown>>;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema, as a build would check it first', async () => {
    await expect(
      validateConfiguration(builder as Configuration, new DebugLogger(false)),
    ).resolves.toBeUndefined();
    const misspelt = { ...builder, electronFuzes: builder.electronFuses };
    await expect(validateConfiguration(misspelt as Configuration, new DebugLogger(false))).rejects.toThrow(
      /does not match the API schema/,
    );
  });
});

describe('Electron fuses', () => {
  it('turn off every way to run the binary as something else, and pin the app to its asar', async () => {
    // electron-builder's own translation of the setting into @electron/fuses' wire (it uses no state).
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig: FuseMapper })
      .generateFuseConfig;
    expect(await generate(builder.electronFuses)).toEqual({
      version: FuseVersion.V1,
      // Only acts on a macOS .app: arm64 Macs refuse an unsigned binary whose bytes changed.
      resetAdHocDarwinSignature: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('are flipped by electron-builder alone, with no hook of ours flipping them again', () => {
    expect(builder.afterPack).toBeUndefined();
    expect(builder.asar).toBe(true);
  });
});

describe('update files', () => {
  it('are written for a generic feed, whose address a build may set', () => {
    expect(builder.publish).toEqual({
      provider: 'generic',
      url: expect.stringMatching(/^https?:\/\/.+\/updates\/$/),
    });
    // Written, never uploaded: the files go to a LAN server's --updates folder by hand.
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(readFileSync(new URL('scripts/dist.mjs', root), 'utf8')).toMatch(/'--publish',\s*'never'/);
  });

  it('carry the publisher key the app checks them with', () => {
    expect(builder.extraResources).toContainEqual({
      from: 'out/update-keys',
      to: 'update-keys',
      filter: ['*.pem'],
    });
  });

  it('include the zip macOS updates itself from, and blockmaps for differential downloads', () => {
    const mac = builder.mac as { target: { target: string }[] };
    expect(mac.target.map((target) => target.target)).toEqual(['dmg', 'zip']);
    expect(builder.nsis).not.toHaveProperty('differentialPackage', false);
  });
});
