/** Types of patches/ws-fragments.mjs, for electron.vite.config.ts (the build script is plain JavaScript). */
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export const MIN_WS_VERSION: string;
export const WS_RECEIVER: RegExp;
export function fixWsReceiver(source: string, file: string): string;
export function esbuildWsFragments(options?: { required?: boolean }): EsbuildPlugin;
export function viteWsFragments(): VitePlugin;
