/**
 * The preload's bridge as an init script for a Playwright page: the real `createBridge` from
 * electron/preload/bridge.ts, bundled with esbuild, its invoke going to a Playwright binding (the
 * harness answers it from the real IPC registry) and its subscriptions fed by `__nearcastEmit`, which
 * the harness calls for each `webContents.send`.
 *
 * Unlike Electron's contextBridge, the binding and the emitter are plain page globals: the page could
 * call any channel. The registry's sender and argument checks still run on every call.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The page global the harness exposes with `exposeBinding`: (channel, args) → the handler's reply. */
export const INVOKE_BINDING = '__nearcastInvoke';
/** The page global the harness calls to deliver a main → renderer event. */
export const EMIT_FUNCTION = '__nearcastEmit';

const PRELOAD_DIR = fileURLToPath(new URL('../../../electron/preload/', import.meta.url));

/** The entry bundled into the page: what electron/preload/index.ts does, with page globals as transport. */
function entry(pageOrigin: string): string {
  return `
import { createBridge } from './bridge';
if (window.location.origin === ${JSON.stringify(pageOrigin)} && window.parent === window) {
  const listeners = new Map();
  window.${EMIT_FUNCTION} = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  window.nearcast = Object.freeze(
    createBridge(
      (channel, ...args) => window.${INVOKE_BINDING}(channel, args),
      (event, listener) => {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        const wrapped = (payload) => listener(payload);
        set.add(wrapped);
        return () => {
          set.delete(wrapped);
        };
      },
    ),
  );
}
`;
}

/**
 * The init script's source, installing the bridge only in the main frame of `pageOrigin` (as the
 * preload only runs in our window, and the IPC registry refuses any other frame anyway).
 */
export async function bridgeInitScript(pageOrigin: string): Promise<string> {
  const result = await build({
    stdin: { contents: entry(pageOrigin), resolveDir: PRELOAD_DIR, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bridge bundle');
  return output.text;
}
