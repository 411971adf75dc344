/** Types for after-pack.mjs, so the unit test (TypeScript) can import it. */
import type { FuseConfig, FuseV1Options } from '@electron/fuses';

export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName: string };
}

export declare const FUSES: Readonly<Partial<Record<FuseV1Options, boolean>>>;
export declare function fuseConfig(platform: string): FuseConfig;
export declare function electronBinaryPath(context: AfterPackContext): string;
export default function afterPack(
  context: AfterPackContext,
  flip?: (path: string, config: FuseConfig) => Promise<number>,
): Promise<void>;
