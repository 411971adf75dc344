/**
 * The object the preload exposes as `window.nearcast`: one named function per capability, nothing
 * generic. A page that gets hold of it can list sources, pick one and read the signaling URL — not send
 * arbitrary channels, not reach ipcRenderer. The renderer's type for `window.nearcast` is derived from
 * `NearcastBridge` below, so it cannot drift from what is exposed.
 *
 * No Electron import here: the transport is injected, so the bridge is tested without Electron.
 * Only types come from common/ipc, which keeps zod out of the sandboxed preload bundle.
 */
import type { CaptureSourceQuery, IpcArgs, IpcChannel, IpcResults } from '../../common/ipc';

/** `ipcRenderer.invoke`, narrowed to our channels and their argument tuples. */
export type IpcInvoke = <C extends IpcChannel>(channel: C, ...args: IpcArgs<C>) => Promise<unknown>;

/**
 * Main answers every channel with `IpcResults[channel]` (its registry guarantees a Result even when a
 * handler throws), so the reply is typed here rather than re-validated: main is the trusted side.
 */
function call<C extends IpcChannel>(
  invoke: IpcInvoke,
  channel: C,
  ...args: IpcArgs<C>
): Promise<IpcResults[C]> {
  return invoke(channel, ...args) as Promise<IpcResults[C]>;
}

export function createBridge(invoke: IpcInvoke) {
  return {
    /** Screens and windows with thumbnails, for the app's own share picker. */
    listCaptureSources: (query: CaptureSourceQuery) => call(invoke, 'capture:list-sources', query),
    /** Call right before `getDisplayMedia()`: main grants that call exactly this source, once. */
    selectCaptureSource: (sourceId: string) => call(invoke, 'capture:select-source', sourceId),
    /** The embedded signaling server's URL (differs from the page origin in dev). */
    getSignalingUrl: () => call(invoke, 'app:signaling-url'),
  };
}

export type NearcastBridge = ReturnType<typeof createBridge>;
