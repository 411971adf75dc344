/**
 * The IPC contract between the main process and the preload bridge: every invoke channel declared once
 * (`IPC_CHANNELS`: its argument schema and the data its Result carries) and every event main sends
 * (`IpcEvents`). Main, preload and renderer import this module and nothing else.
 */
import { z } from 'zod';
import { MAX_STROKE_POINTS, STROKE_TOOLS } from './peer-protocol';
import type { Result } from './result';
import { MAX_SERVER_ADDRESS_LENGTH } from './server-address';
import type { UpdateStatus } from './updates';

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
  /** HTTPS addresses of this computer on the LAN, best first; empty when no LAN interface is up. */
  urls: string[];
  /** `urls[0]` with the access code (`#code=`) when one is needed: what the QR code holds. */
  joinUrl: string | null;
  /** PNG data URL of a QR code for `joinUrl`; empty when there is no URL. */
  qrDataUrl: string;
  port: number;
  /** SHA-256 of the certificate guests are served, as their browser's certificate viewer shows it. */
  fingerprint256: string;
  /**
   * The forwarding unit's code (common/unit-code.ts): in a room whose media goes through this
   * computer, guests compare it with the one their app shows. Null when the app runs no unit.
   */
  unitCode: string | null;
  /** The code guests must give; null when the host asks for none. */
  accessCode: string | null;
  /** Whether the host lets each guest in (Allow / Deny). */
  approval: boolean;
}

/**
 * The hosting access code as main generates it (electron/main/hosting/access-code.ts): three groups
 * of four from an alphabet without look-alikes. The settings reject anything else.
 */
export const HOSTING_CODE_PATTERN = /^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){2}$/;

/** Who may come in while hosting; both on by default, remembered in the settings. */
export const hostingAdmissionSchema = z.strictObject({
  /** Guests need the access code (carried by the QR code and the invite link). */
  requireCode: z.boolean(),
  /** Each guest waits until the host allows them. */
  approval: z.boolean(),
});
export type HostingAdmission = z.infer<typeof hostingAdmissionSchema>;

/** A LAN guest waiting for the host's answer ("<name> wants to join — Allow / Deny"). */
export interface GuestKnock {
  id: number;
  /** The name the guest gave; may be empty. */
  name: string;
  address: string;
}

export const knockAnswerSchema = z.strictObject({
  id: z.number().int().positive(),
  allow: z.boolean(),
});
export type KnockAnswer = z.infer<typeof knockAnswerSchema>;

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
  /** Whether the host serves the desktop app's release files at /updates/ (common/updates). */
  updates: boolean;
}

/**
 * The renderer's call state, pushed to main for the tray, the window title, the mute shortcut and the
 * question asked before quitting (who the call is with, how many files are still moving).
 */
export const callStatusSchema = z.strictObject({
  inCall: z.boolean(),
  sharing: z.boolean(),
  muted: z.boolean(),
  peers: z.array(z.string().trim().min(1).max(40)).max(16),
  transfers: z.number().int().min(0).max(10_000),
});
export type CallStatus = z.infer<typeof callStatusSchema>;

export const incomingCallSchema = z.strictObject({
  callId: z.string().min(1).max(64),
  callerName: z.string().trim().min(1).max(40),
});
export type IncomingCall = z.infer<typeof incomingCallSchema>;

/** The languages the app speaks; the renderer's choice is sent to main for its own words (tray, menus). */
export const appLocaleSchema = z.enum(['en', 'fr']);
export type AppLocale = z.infer<typeof appLocaleSchema>;

/** Desktop settings the renderer's settings screen shows and changes. */
export interface DesktopSettings {
  /** Closing the window hides it and Nearcast keeps running in the tray, so calls still ring. */
  closeToTray: boolean;
  openAtLogin: boolean;
  /** False where Electron cannot register a login item (Linux): the screen says so. */
  openAtLoginSupported: boolean;
  muteShortcut: string;
}

/** An accelerator as the settings screen's key capture writes it (`CommandOrControl+Shift+M`). */
export const acceleratorSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/);

/** Longest renderer error message and stack main writes to the log. */
export const MAX_RENDERER_ERROR_MESSAGE = 1_000;
export const MAX_RENDERER_ERROR_STACK = 4_000;

/** An error the renderer reports for the log file (uncaught, unhandled rejection, or logged). */
export const rendererErrorSchema = z.strictObject({
  kind: z.enum(['error', 'unhandledrejection', 'logged']),
  message: z.string().max(MAX_RENDERER_ERROR_MESSAGE),
  stack: z.string().max(MAX_RENDERER_ERROR_STACK).optional(),
  /** The renderer logger's namespace, or the script URL of an uncaught error. */
  source: z.string().max(200).optional(),
});
export type RendererError = z.infer<typeof rendererErrorSchema>;

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

/** A point of the shared frame, 0…1 each way (docs/PROTOCOL.md, "Pointing and drawing"). */
const frameUnitSchema = z.number().min(0).max(1);
const overlayColourSchema = z.string().regex(/^#[0-9a-f]{6}$/);
/** Pointers and strokes are bounded as the annotation engine bounds them (100 strokes a share). */
const MAX_OVERLAY_ITEMS = 100;

/**
 * What the desktop overlay draws over the shared display: the pointers and strokes on the sharer's own
 * share, as its annotation engine holds them (rtc/annotations.ts). Names are the server-stamped ones.
 */
export const overlayStateSchema = z.strictObject({
  pointers: z
    .array(
      z.strictObject({
        name: z.string().max(64),
        colour: overlayColourSchema,
        x: frameUnitSchema,
        y: frameUnitSchema,
      }),
    )
    .max(MAX_OVERLAY_ITEMS),
  strokes: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64),
        colour: overlayColourSchema,
        tool: z.enum(STROKE_TOOLS),
        points: z
          .array(z.tuple([frameUnitSchema, frameUnitSchema]))
          .min(2)
          .max(MAX_STROKE_POINTS),
        keep: z.boolean(),
      }),
    )
    .max(MAX_OVERLAY_ITEMS),
});
export type OverlayState = z.infer<typeof overlayStateSchema>;

/**
 * The type of `data` in a channel's Result, carried next to its argument schema. Only the type matters:
 * the value is an empty object, and `[RETURNS]` is never read at run time.
 */
declare const RETURNS: unique symbol;
export interface Returns<Data> {
  readonly [RETURNS]: () => Data;
}
function returns<Data>(): Returns<Data> {
  // A phantom: no member of Returns exists at run time, so the empty object stands for every Data.
  return {} as Returns<Data>;
}

/**
 * Every invoke channel, declared once: the schema its arguments (a tuple) must pass in main, and what its
 * Result carries back. Main's handlers, the preload bridge and, through the bridge, the renderer all take
 * their types from this map.
 */
export const IPC_CHANNELS = {
  'capture:list-sources': {
    args: z.tuple([captureSourceQuerySchema]),
    returns: returns<CaptureSource[]>(),
  },
  /**
   * Remembers the source the user picked in our picker, with its options (system audio); the next
   * getDisplayMedia call is granted exactly that source, once.
   */
  'capture:select-source-with': {
    args: z.tuple([z.string().min(1).max(256), captureOptionsSchema]),
    returns: returns<null>(),
  },
  'capture:environment': { args: z.tuple([]), returns: returns<CaptureEnvironment>() },
  /** macOS only: opens System Settings at Privacy > Screen Recording. */
  'capture:open-screen-settings': { args: z.tuple([]), returns: returns<null>() },
  /** The signaling server the renderer connects to: the embedded one, or the one the user chose. */
  'app:signaling-url': { args: z.tuple([]), returns: returns<string>() },
  /** Chooses the signaling server (null: the embedded one); the renderer reloads to connect to it. */
  'app:set-signaling-server': {
    args: z.tuple([z.string().max(MAX_SERVER_ADDRESS_LENGTH).nullable()]),
    returns: returns<string>(),
  },
  'hosting:start': { args: z.tuple([hostingRequestSchema]), returns: returns<HostingInfo>() },
  'hosting:stop': { args: z.tuple([]), returns: returns<null>() },
  'hosting:status': { args: z.tuple([]), returns: returns<HostingStatus>() },
  'hosting:get-admission': { args: z.tuple([]), returns: returns<HostingAdmission>() },
  'hosting:set-admission': { args: z.tuple([hostingAdmissionSchema]), returns: returns<HostingAdmission>() },
  /** A new access code; the old one stops working for guests not yet in. */
  'hosting:new-code': { args: z.tuple([]), returns: returns<HostingStatus>() },
  'hosting:list-knocks': { args: z.tuple([]), returns: returns<GuestKnock[]>() },
  'hosting:answer-knock': { args: z.tuple([knockAnswerSchema]), returns: returns<null>() },
  'lan:list-hosts': { args: z.tuple([]), returns: returns<LanHost[]>() },
  'call:set-status': { args: z.tuple([callStatusSchema]), returns: returns<null>() },
  'call:notify-incoming': { args: z.tuple([incomingCallSchema]), returns: returns<null>() },
  /** The call stopped ringing: close its notification. */
  'call:dismiss-incoming': {
    args: z.tuple([incomingCallSchema.shape.callId]),
    returns: returns<null>(),
  },
  /** The renderer's language, for the words main shows (tray, notifications, menus, dialogs). */
  'app:set-language': { args: z.tuple([appLocaleSchema]), returns: returns<null>() },
  'desktop:get-settings': { args: z.tuple([]), returns: returns<DesktopSettings>() },
  'desktop:set-close-to-tray': { args: z.tuple([z.boolean()]), returns: returns<DesktopSettings>() },
  'desktop:set-open-at-login': { args: z.tuple([z.boolean()]), returns: returns<DesktopSettings>() },
  /** Refused (INVALID_PAYLOAD, or UNAVAILABLE when the keys are taken) unless the OS accepts it. */
  'desktop:set-mute-shortcut': { args: z.tuple([acceleratorSchema]), returns: returns<DesktopSettings>() },
  /** Written to the log file "Open logs" shows; bounded in size here and in rate by main. */
  'log:renderer-error': { args: z.tuple([rendererErrorSchema]), returns: returns<null>() },
  /** Received files stream to the Downloads folder: open, write in order, then finish or abort. */
  'download:open': { args: z.tuple([downloadRequestSchema]), returns: returns<DownloadTarget>() },
  'download:write': {
    args: z.tuple([
      downloadIdSchema,
      z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_DOWNLOAD_WRITE_BYTES),
    ]),
    returns: returns<null>(),
  },
  'download:finish': { args: z.tuple([downloadIdSchema]), returns: returns<SavedDownload>() },
  'download:abort': { args: z.tuple([downloadIdSchema]), returns: returns<null>() },
  /** Shows a file this session saved in its folder (only those: main checks the id). */
  'download:show': { args: z.tuple([downloadIdSchema]), returns: returns<null>() },
  'updates:status': { args: z.tuple([]), returns: returns<UpdateStatus>() },
  /** Looks for a newer version now (the chosen server first, then LAN hosts); answers the outcome. */
  'updates:check': { args: z.tuple([]), returns: returns<UpdateStatus>() },
  /** Downloads the version the last check offered; progress follows as `updates:changed`. */
  'updates:download': { args: z.tuple([]), returns: returns<null>() },
  /** Quits and installs the downloaded version; refused (BUSY) during a call. */
  'updates:install': { args: z.tuple([]), returns: returns<null>() },
  /**
   * Pointers and strokes on our own shared screen, for the overlay over that display; null when the
   * share ended. UNAVAILABLE when no screen (a window, or nothing) was granted, or where the overlay
   * could not be kept out of the capture.
   */
  'annotations:overlay': { args: z.tuple([overlayStateSchema.nullable()]), returns: returns<null>() },
} as const;

export type IpcChannel = keyof typeof IPC_CHANNELS;

/** The arguments of a channel, as its schema accepts them. */
export type IpcArgs<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C]['args']>;

/** What a channel answers: always a Result, carrying the data its declaration names. */
export type IpcResult<C extends IpcChannel> =
  (typeof IPC_CHANNELS)[C]['returns'] extends Returns<infer Data> ? Result<Data> : never;

/** A link the app was opened with, already validated by main. */
export type DeepLink =
  /** `server`: a canonical server address the link names; switching to it is the user's choice. */
  { kind: 'join'; room: string; server?: string } | { kind: 'call'; device: string };

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
  'hosting:knocks-changed': GuestKnock[];
  'lan:hosts-changed': LanHost[];
  'app:deep-link': DeepLink;
  'tray:action': TrayAction;
  'call:notification-action': CallNotificationAction;
  'updates:changed': UpdateStatus;
  /** To the overlay window only: what to draw over the shared display. */
  'annotations:overlay-state': OverlayState;
}

export type IpcEvent = keyof IpcEvents;
