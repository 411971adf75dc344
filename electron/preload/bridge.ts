/**
 * The object the preload exposes as `window.nearcast`: one named function per capability, nothing
 * generic. A page that gets hold of it can call these and nothing else — not send arbitrary channels,
 * not reach ipcRenderer. The renderer's type for `window.nearcast` is derived from
 * `NearcastBridge` below, so it cannot drift from what is exposed.
 *
 * No Electron import here: the transport is injected, so the bridge is tested without Electron.
 * Only types come from common/ipc, which keeps zod out of the sandboxed preload bundle.
 */
import type {
  AppLocale,
  DownloadRequest,
  CallNotificationAction,
  CallStatus,
  CaptureOptions,
  CaptureSourceQuery,
  DeepLink,
  HostingRequest,
  GuestKnock,
  HostingAdmission,
  HostingStatus,
  KnockAnswer,
  OverlayState,
  IncomingCall,
  IpcArgs,
  IpcChannel,
  IpcEvent,
  IpcEvents,
  IpcResult,
  LanHost,
  RendererError,
  TrayAction,
} from '../../common/ipc';
import type { UpdateStatus } from '../../common/updates';

/** `ipcRenderer.invoke`, narrowed to our channels and their argument tuples. */
export type IpcInvoke = <C extends IpcChannel>(channel: C, ...args: IpcArgs<C>) => Promise<unknown>;

/**
 * `ipcRenderer.on` narrowed to one event and its payload; returns the matching removeListener. The
 * listener gets the payload only, never Electron's event object (whose `sender` is ipcRenderer).
 */
export type IpcSubscribe = <E extends IpcEvent>(event: E, listener: (payload: unknown) => void) => () => void;

/** Main sends `IpcEvents[event]` (main/window.ts types every send), so the payload is typed, not parsed. */
function on<E extends IpcEvent>(
  subscribe: IpcSubscribe,
  event: E,
  listener: (payload: IpcEvents[E]) => void,
): () => void {
  return subscribe(event, (payload) => listener(payload as IpcEvents[E]));
}

/**
 * Main answers every channel with `IpcResult<channel>` (its registry guarantees a Result even when a
 * handler throws), so the reply is typed here rather than re-validated: main is the trusted side.
 */
function call<C extends IpcChannel>(
  invoke: IpcInvoke,
  channel: C,
  ...args: IpcArgs<C>
): Promise<IpcResult<C>> {
  return invoke(channel, ...args) as Promise<IpcResult<C>>;
}

export function createBridge(invoke: IpcInvoke, subscribe: IpcSubscribe) {
  return {
    /** Screens and windows with thumbnails, for the app's own share picker. */
    listCaptureSources: (query: CaptureSourceQuery) => call(invoke, 'capture:list-sources', query),
    /** The embedded signaling server's URL (differs from the page origin in dev). */
    getSignalingUrl: () => call(invoke, 'app:signaling-url'),
    /** Switches to another signaling server (null: the embedded one); reload the page afterwards. */
    setSignalingServer: (address: string | null) => call(invoke, 'app:set-signaling-server', address),
    /**
     * Call right before `getDisplayMedia()`: main grants that call exactly this source, once, with system
     * audio when asked and the OS supports it.
     */
    selectCaptureSourceWith: (sourceId: string, options: CaptureOptions) =>
      call(invoke, 'capture:select-source-with', sourceId, options),
    /** Wayland portal, system-audio support and the macOS screen-recording permission. */
    getCaptureEnvironment: () => call(invoke, 'capture:environment'),
    /** macOS: opens System Settings at Privacy > Screen Recording. */
    openScreenRecordingSettings: () => call(invoke, 'capture:open-screen-settings'),

    /** Opens this app to the LAN; resolves with the join URLs and a QR code. */
    startHosting: (request: HostingRequest = {}) => call(invoke, 'hosting:start', request),
    /** Closes the LAN listener; guests are disconnected, this window stays connected. */
    stopHosting: () => call(invoke, 'hosting:stop'),
    getHostingStatus: () => call(invoke, 'hosting:status'),
    onHostingChanged: (listener: (status: HostingStatus) => void) =>
      on(subscribe, 'hosting:changed', listener),
    /** Whether guests need the access code and the host's approval (both on by default). */
    getHostingAdmission: () => call(invoke, 'hosting:get-admission'),
    setHostingAdmission: (admission: HostingAdmission) => call(invoke, 'hosting:set-admission', admission),
    /** Replaces the hosting access code; the QR code and join link change with it. */
    newHostingCode: () => call(invoke, 'hosting:new-code'),
    /** LAN guests waiting for the host's Allow / Deny. */
    listGuestKnocks: () => call(invoke, 'hosting:list-knocks'),
    answerGuestKnock: (answer: KnockAnswer) => call(invoke, 'hosting:answer-knock', answer),
    onGuestKnocksChanged: (listener: (knocks: GuestKnock[]) => void) =>
      on(subscribe, 'hosting:knocks-changed', listener),

    /** Nearcast hosts currently advertised on the LAN (mDNS). */
    listLanHosts: () => call(invoke, 'lan:list-hosts'),
    onLanHostsChanged: (listener: (hosts: LanHost[]) => void) => on(subscribe, 'lan:hosts-changed', listener),

    /** A validated nearcast:// link the app was opened with (also from a second launch). */
    onDeepLink: (listener: (link: DeepLink) => void) => on(subscribe, 'app:deep-link', listener),

    /** Pushes call state to the tray and the window title. */
    setCallStatus: (status: CallStatus) => call(invoke, 'call:set-status', status),
    /** Tray menu items and the global mute shortcut. */
    onTrayAction: (listener: (action: TrayAction) => void) => on(subscribe, 'tray:action', listener),

    /** A native notification with Accept and Decline for an incoming call. */
    notifyIncomingCall: (incoming: IncomingCall) => call(invoke, 'call:notify-incoming', incoming),
    /** Closes that call's notification: it was answered in the app, cancelled or timed out. */
    dismissIncomingCall: (callId: string) => call(invoke, 'call:dismiss-incoming', callId),
    onCallNotificationAction: (listener: (action: CallNotificationAction) => void) =>
      on(subscribe, 'call:notification-action', listener),

    /** The user's language, for the words main shows (tray, notifications, menus, the quit question). */
    setLanguage: (locale: AppLocale) => call(invoke, 'app:set-language', locale),
    /** Close to tray, start at login and the mute shortcut, for the settings screen. */
    getDesktopSettings: () => call(invoke, 'desktop:get-settings'),
    setCloseToTray: (on: boolean) => call(invoke, 'desktop:set-close-to-tray', on),
    setOpenAtLogin: (on: boolean) => call(invoke, 'desktop:set-open-at-login', on),
    /** Refused unless the OS accepts the keys (another app may hold them). */
    setMuteShortcut: (accelerator: string) => call(invoke, 'desktop:set-mute-shortcut', accelerator),
    /** An error in the page, for the log file "Open logs" shows. */
    reportError: (report: RendererError) => call(invoke, 'log:renderer-error', report),

    /** A received file streamed to the Downloads folder: open, write in order, finish or abort. */
    openDownload: (request: DownloadRequest) => call(invoke, 'download:open', request),
    writeDownload: (id: string, chunk: Uint8Array<ArrayBuffer>) => call(invoke, 'download:write', id, chunk),
    finishDownload: (id: string) => call(invoke, 'download:finish', id),
    abortDownload: (id: string) => call(invoke, 'download:abort', id),
    /** Reveals a file this session saved in the system file manager. */
    showDownload: (id: string) => call(invoke, 'download:show', id),

    /** Where updating stands: checked, offered, downloading, ready to install. */
    getUpdateStatus: () => call(invoke, 'updates:status'),
    /** "Check for updates": the chosen server first, then LAN hosts with a newer version. */
    checkForUpdates: () => call(invoke, 'updates:check'),
    /** "Download": fetches the offered version; progress arrives through onUpdateChanged. */
    downloadUpdate: () => call(invoke, 'updates:download'),
    /** "Restart to update": refused during a call. */
    installUpdate: () => call(invoke, 'updates:install'),
    onUpdateChanged: (listener: (status: UpdateStatus) => void) => on(subscribe, 'updates:changed', listener),
    /** What the overlay over our shared display draws (null: the share ended, it closes). */
    showOnOverlay: (state: OverlayState | null) => call(invoke, 'annotations:overlay', state),
    /** In the overlay page: what to draw now. */
    onOverlayState: (listener: (state: OverlayState) => void) =>
      on(subscribe, 'annotations:overlay-state', listener),
  };
}

export type NearcastBridge = ReturnType<typeof createBridge>;
