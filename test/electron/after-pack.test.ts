import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it, vi } from 'vitest';
import afterPack, { electronBinaryPath, fuseConfig, FUSES } from '../../build/after-pack.mjs';

const packager = { appInfo: { productFilename: 'Nearcast' }, executableName: 'nearcast' };

describe('Electron fuses set at pack time', () => {
  it('turns off every way to run the binary as something else, and pins the app to its asar', () => {
    expect(FUSES).toEqual({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('resets the ad-hoc signature on macOS only', () => {
    expect(fuseConfig('darwin')).toMatchObject({ version: FuseVersion.V1, resetAdHocDarwinSignature: true });
    expect(fuseConfig('linux').resetAdHocDarwinSignature).toBe(false);
  });

  it.each([
    ['darwin', '/out/mac/Nearcast.app'],
    ['win32', '/out/win-unpacked/Nearcast.exe'],
    ['linux', '/out/linux-unpacked/nearcast'],
  ])('flips the fuses of the %s executable', async (platform, path) => {
    const appOutDir = path.slice(0, path.lastIndexOf('/'));
    const context = { appOutDir, electronPlatformName: platform, packager };
    expect(electronBinaryPath(context)).toBe(path);
    const flip = vi.fn((_path: string, _config: unknown) => Promise.resolve(0));
    await afterPack(context, flip);
    expect(flip).toHaveBeenCalledWith(path, fuseConfig(platform));
  });
});
