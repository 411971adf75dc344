/**
 * The IPC contract between the main process and the preload bridge: every channel, its argument
 * schema and its result type. Main, preload and renderer import this module and nothing else.
 */
import { z } from 'zod';
import type { Result } from './result';

export const captureSourceQuerySchema = z.object({
  kinds: z
    .array(z.enum(['screen', 'window']))
    .min(1)
    .max(2),
  thumbnailWidth: z.number().int().min(16).max(1920),
  thumbnailHeight: z.number().int().min(16).max(1080),
});
export type CaptureSourceQuery = z.infer<typeof captureSourceQuerySchema>;

/** One screen or window the user may pick to share. */
export interface CaptureSource {
  /** desktopCapturer id, e.g. `screen:0:0` or `window:1234:0`. */
  id: string;
  name: string;
  kind: 'screen' | 'window';
  /** PNG data URL; empty when the OS gave no thumbnail. */
  thumbnailDataUrl: string;
  /** PNG data URL of the owning app's icon (windows only), null when unknown. */
  appIconDataUrl: string | null;
  /** Display id for screens, null for windows. */
  displayId: string | null;
}

/** Every invoke channel with its argument schema (a tuple) and result type. */
export const IPC_CHANNELS = {
  'capture:list-sources': { args: z.tuple([captureSourceQuerySchema]) },
  /** Remembers the source the user picked; the next getDisplayMedia call is granted exactly that one. */
  'capture:select-source': { args: z.tuple([z.string().min(1).max(256)]) },
  'app:signaling-url': { args: z.tuple([]) },
} as const;

export type IpcChannel = keyof typeof IPC_CHANNELS;

export interface IpcResults {
  'capture:list-sources': Result<CaptureSource[]>;
  'capture:select-source': Result<null>;
  'app:signaling-url': Result<string>;
}

export type IpcArgs<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C]['args']>;
