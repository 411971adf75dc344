/**
 * The IPC contract between the main process and the preload bridge: every channel, its argument
 * schema and its result type. Main, preload and renderer import this module and nothing else.
 */
import { z } from 'zod';
import type { Result } from './result';
import { MAX_SERVER_ADDRESS_LENGTH } from './server-address';

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

/** LAN hosting may only ask for an unprivileged port; leaving it out picks the saved or a free one. */
export const hostingRequestSchema = z.strictObject({
  port: z.number().int().min(1024).max(65535).optional(),
});
export type HostingRequest = z.infer<typeof hostingRequestSchema>;

/** What "Host on this computer" shows: where guests can open the app, and a QR code of the first URL. */
export interface HostingInfo {
  /** Join URLs on this computer's LAN addresses, best first; empty when no LAN interface is up. */
  urls: string[];
  /** PNG data URL of a QR code for `urls[0]`; empty when there is no URL. */
  qrDataUrl: string;
  port: number;
}

export type HostingStatus = ({ active: true } & HostingInfo) | { active: false };

/** A Nearcast host found on the LAN by mDNS; the address comes from the record, never from TXT. */
export interface LanHost {
  /** mDNS instance name (unique on the link); stable while the host advertises. */
  id: string;
  name: string;
  version: string;
  /** Whether joining needs an access code. */
  accessCode: boolean;
  /** SHA-256 fingerprint of the host's TLS certificate, when it serves TLS. */
  fingerprint: string | null;
  address: string;
  port: number;
  /** `http://address:port/`, what a browser or the app opens to join. */
  url: string;
}

/** The renderer's call state, pushed to main for the tray, the window title and the mute shortcut. */
export const callStatusSchema = z.strictObject({
  inCall: z.boolean(),
  sharing: z.boolean(),
  muted: z.boolean(),
});
export type CallStatus = z.infer<typeof callStatusSchema>;

export const incomingCallSchema = z.strictObject({
  callId: z.string().min(1).max(64),
  callerName: z.string().trim().min(1).max(40),
});
export type IncomingCall = z.infer<typeof incomingCallSchema>;

/** An Electron accelerator such as `CommandOrControl+Shift+M`; Electron itself has the final say. */
export const acceleratorSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/);

/** Options of a screen share beyond the source itself. */
export const captureOptionsSchema = z.strictObject({ systemAudio: z.boolean() });
export type CaptureOptions = z.infer<typeof captureOptionsSchema>;

/** What the picker must tell the user about this system before listing sources. */
export interface CaptureEnvironment {
  /** Wayland: the desktop portal shows its own dialog and the list holds one placeholder source. */
  wayland: boolean;
  /** Whether the OS can capture system audio along with a screen (Windows loopback). */
  systemAudio: boolean;
  /** macOS screen-recording permission; 'granted' elsewhere, where no such permission exists. */
  screenPermission: 'granted' | 'denied' | 'restricted' | 'not-determined' | 'unknown';
}

/** Largest piece of a received file the renderer hands main in one call. */
export const MAX_DOWNLOAD_WRITE_BYTES = 8 * 1024 * 1024;

export const downloadRequestSchema = z.strictObject({
  /** What the sender called the file; main sanitizes it again and avoids collisions. */
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
export type DownloadRequest = z.infer<typeof downloadRequestSchema>;

const downloadIdSchema = z.string().regex(/^[0-9a-f-]{36}$/);

/** A file being written to the Downloads folder; main keeps it as a hidden partial file until finished. */
export interface DownloadTarget {
  id: string;
  /** The name it will have in the Downloads folder. */
  fileName: string;
}

export interface SavedDownload {
  fileName: string;
  /** Full path, for showing to the user. */
  path: string;
}

/** Every invoke channel with its argument schema (a tuple) and result type. */
export const IPC_CHANNELS = {
  'capture:list-sources': { args: z.tuple([captureSourceQuerySchema]) },
  /** Remembers the source the user picked; the next getDisplayMedia call is granted exactly that one. */
  'capture:select-source': { args: z.tuple([z.string().min(1).max(256)]) },
  'app:signaling-url': { args: z.tuple([]) },
  /** Chooses the signaling server (null: the embedded one); the renderer reloads to connect to it. */
  'app:set-signaling-server': { args: z.tuple([z.string().max(MAX_SERVER_ADDRESS_LENGTH).nullable()]) },
  /** Same as capture:select-source, with options (system audio) for the grant. */
  'capture:select-source-with': { args: z.tuple([z.string().min(1).max(256), captureOptionsSchema]) },
  'capture:environment': { args: z.tuple([]) },
  /** macOS only: opens System Settings at Privacy > Screen Recording. */
  'capture:open-screen-settings': { args: z.tuple([]) },
  'hosting:start': { args: z.tuple([hostingRequestSchema]) },
  'hosting:stop': { args: z.tuple([]) },
  'hosting:status': { args: z.tuple([]) },
  'lan:list-hosts': { args: z.tuple([]) },
  'call:set-status': { args: z.tuple([callStatusSchema]) },
  'call:notify-incoming': { args: z.tuple([incomingCallSchema]) },
  /** The call stopped ringing: close its notification. */
  'call:dismiss-incoming': { args: z.tuple([incomingCallSchema.shape.callId]) },
  'shortcut:set-mute': { args: z.tuple([acceleratorSchema]) },
  /** Received files stream to the Downloads folder: open, write in order, then finish or abort. */
  'download:open': { args: z.tuple([downloadRequestSchema]) },
  'download:write': {
    args: z.tuple([
      downloadIdSchema,
      z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_DOWNLOAD_WRITE_BYTES),
    ]),
  },
  'download:finish': { args: z.tuple([downloadIdSchema]) },
  'download:abort': { args: z.tuple([downloadIdSchema]) },
  /** Shows a file this session saved in its folder (only those: main checks the id). */
  'download:show': { args: z.tuple([downloadIdSchema]) },
} as const;

export type IpcChannel = keyof typeof IPC_CHANNELS;

export interface IpcResults {
  'capture:list-sources': Result<CaptureSource[]>;
  'capture:select-source': Result<null>;
  'app:signaling-url': Result<string>;
  'app:set-signaling-server': Result<string>;
  'capture:select-source-with': Result<null>;
  'capture:environment': Result<CaptureEnvironment>;
  'capture:open-screen-settings': Result<null>;
  'hosting:start': Result<HostingInfo>;
  'hosting:stop': Result<null>;
  'hosting:status': Result<HostingStatus>;
  'lan:list-hosts': Result<LanHost[]>;
  'call:set-status': Result<null>;
  'call:notify-incoming': Result<null>;
  'call:dismiss-incoming': Result<null>;
  /** The accelerator now registered. */
  'shortcut:set-mute': Result<string>;
  'download:open': Result<DownloadTarget>;
  'download:write': Result<null>;
  'download:finish': Result<SavedDownload>;
  'download:abort': Result<null>;
  'download:show': Result<null>;
}

/** A link the app was opened with, already validated by main. */
export type DeepLink = { kind: 'join'; room: string } | { kind: 'call'; device: string };

/** What the tray menu or the global mute shortcut asks the renderer to do. */
export type TrayAction = 'toggle-mute' | 'stop-sharing';

export interface CallNotificationAction {
  callId: string;
  action: 'accept' | 'decline';
}

/**
 * Events main sends to our window (webContents.send), with their payload. Main is the trusted side, so
 * the preload passes payloads through typed, as it does for invoke replies.
 */
export interface IpcEvents {
  'hosting:changed': HostingStatus;
  'lan:hosts-changed': LanHost[];
  'app:deep-link': DeepLink;
  'tray:action': TrayAction;
  'call:notification-action': CallNotificationAction;
}

export type IpcEvent = keyof IpcEvents;

export type IpcArgs<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C]['args']>;
