/**
 * electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary, before signing (the
 * builder signs after this hook, so macOS signatures cover the flipped binary).
 *
 * Fuses are compile-time switches baked into the Electron executable; flipping them off removes whole
 * attack surfaces that no code of ours can re-enable at run time:
 *  - RunAsNode off: `ELECTRON_RUN_AS_NODE=1 Nearcast` cannot turn the signed app into a plain Node
 *    interpreter that runs any script with the app's permissions (camera, screen recording).
 *  - EnableNodeOptionsEnvironmentVariable off: NODE_OPTIONS cannot inject `--require evil.js`.
 *  - EnableNodeCliInspectArguments off: `--inspect` cannot attach a debugger to the main process.
 *  - OnlyLoadAppFromAsar on, EnableEmbeddedAsarIntegrityValidation on: only our app.asar loads, and only
 *    if its hash matches the one electron-builder embedded (a swapped app folder or edited asar fails).
 *  - EnableCookieEncryption on: cookies at rest are encrypted with the OS keychain.
 *  - GrantFileProtocolExtraPrivileges off: we never load file:// pages, so file: gets no extra powers.
 * The configuration is exported as data so a unit test pins it.
 */
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

export const FUSES = Object.freeze({
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/** The fuse configuration for one platform: ad-hoc signatures on macOS must be reset after flipping. */
export function fuseConfig(platform) {
  return { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin', ...FUSES };
}

/** Where electron-builder put the Electron executable of this build. */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

export default async function afterPack(context, flip = flipFuses) {
  await flip(electronBinaryPath(context), fuseConfig(context.electronPlatformName));
}
