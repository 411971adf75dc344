/**
 * What the renderer needs from where it runs, as named operations grouped by domain. Inside the desktop
 * app they go through the preload's bridge (`window.nearcast`); served to a LAN guest they use plain
 * browser APIs, and what only the app can do answers UNAVAILABLE ("not available in a browser") while
 * its events never fire. This is the only module that reads `window.nearcast`: stores act through a
 * Platform, components never see one, and the WebRTC engine gets plain interfaces (a FileWriter).
 */
import type {
  AppLocale,
  CallStatus,
  CaptureEnvironment,
  CaptureOptions,
  CaptureSource,
  CaptureSourceQuery,
  DeepLink,
  DesktopSettings,
  DownloadRequest,
  GuestKnock,
  HostingAdmission,
  HostingInfo,
  HostingRequest,
  HostingStatus,
  IncomingCall,
  KnockAnswer,
  LanHost,
  OverlayState,
  RendererError,
  TrayAction,
} from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import { parseServerAddress } from '../../../common/server-address';
import type { UpdateStatus } from '../../../common/updates';
import type { NearcastBridge } from '../../../electron/preload/bridge';
import { INSECURE_CONTEXT } from '../rtc/local-tracks';
import type { FileWriter } from '../rtc/transfers/sinks';
import { findSecureAddress, type SecureAddress } from './secure-address';

/** Stops a subscription. */
export type Unsubscribe = () => void;

export interface Platform {
  /** Inside the desktop app; false for a browser on the LAN, where the desktop operations are unavailable. */
  readonly desktop: boolean;
  server: {
    /** The signaling server's URL: the page's origin, or the app's embedded server (differs in dev). */
    url(): Promise<string>;
    /**
     * Moves this window to another server (null: the app's own). The app asks main, which validates and
     * remembers the address and widens the CSP to it, then reloads; a browser opens that server's page
     * (each server serves its own copy). With `room`, the page opens with that room filled in (a
     * `nearcast://join` link's). Resolves only when it failed or nothing happened.
     */
    switchTo(address: string | null, room?: string): Promise<Result<null>>;
    /**
     * For a browser page on plain http: the same address over https when the server serves it, where
     * camera, microphone and screen work. Null on a secure page and in the app.
     */
    secureAddress(): Promise<SecureAddress | null>;
  };
  media: {
    /**
     * False where the browser hides camera, microphone and screen capture: a page that is no secure
     * context, as a LAN guest's over plain http. The UI says why once and disables those controls.
     */
    readonly captureAllowed: boolean;
    getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
    getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream>;
    /** Devices for the pickers; empty where the page may not see them (insecure context). */
    enumerateDevices(): Promise<MediaDeviceInfo[]>;
    onDeviceChange(listener: () => void): Unsubscribe;
  };
  /** The app's own share picker (a browser shows its own). */
  capture: {
    listSources(query: CaptureSourceQuery): Promise<Result<CaptureSource[]>>;
    /** Wayland portal, system-audio support and the macOS screen-recording permission. */
    environment(): Promise<Result<CaptureEnvironment>>;
    /** macOS: System Settings at Privacy > Screen Recording. */
    openScreenRecordingSettings(): Promise<Result<null>>;
    /** Right before getDisplayMedia: main grants that call exactly this source, once. */
    grant(sourceId: string, options: CaptureOptions): Promise<Result<null>>;
  };
  /** Opening this app's rooms to the LAN. */
  hosting: {
    start(request: HostingRequest): Promise<Result<HostingInfo>>;
    stop(): Promise<Result<null>>;
    status(): Promise<Result<HostingStatus>>;
    onChanged(listener: (status: HostingStatus) => void): Unsubscribe;
  };
  /** Who may come in while hosting: the access code, the host's approval, guests knocking. */
  guests: {
    admission(): Promise<Result<HostingAdmission>>;
    setAdmission(admission: HostingAdmission): Promise<Result<HostingAdmission>>;
    newCode(): Promise<Result<HostingStatus>>;
    knocks(): Promise<Result<GuestKnock[]>>;
    answer(answer: KnockAnswer): Promise<Result<null>>;
    onKnocks(listener: (knocks: GuestKnock[]) => void): Unsubscribe;
  };
  /** Nearcast hosts main finds on the LAN by mDNS. */
  lan: {
    hosts(): Promise<Result<LanHost[]>>;
    onChanged(listener: (hosts: LanHost[]) => void): Unsubscribe;
  };
  /** `nearcast://` links the app was opened with, validated by main. */
  links: { onOpened(listener: (link: DeepLink) => void): Unsubscribe };
  /** The tray, the window title and the global mute shortcut. */
  tray: {
    setCallStatus(status: CallStatus): Promise<Result<null>>;
    onAction(listener: (action: TrayAction) => void): Unsubscribe;
  };
  /** Native notifications for incoming calls, with Accept and Decline. */
  callNotifications: {
    show(call: IncomingCall): Promise<Result<null>>;
    dismiss(callId: string): Promise<Result<null>>;
    onAction(listener: (action: { callId: string; action: 'accept' | 'decline' }) => void): Unsubscribe;
  };
  /** The app's own settings screen: close to tray, start at login, the mute shortcut (main validates). */
  desktopSettings: {
    get(): Promise<Result<DesktopSettings>>;
    setCloseToTray(on: boolean): Promise<Result<DesktopSettings>>;
    setOpenAtLogin(on: boolean): Promise<Result<DesktopSettings>>;
    setMuteShortcut(accelerator: string): Promise<Result<DesktopSettings>>;
  };
  /** Tells main the interface's language, for the words it shows itself (tray, menus, dialogs). */
  language: { tell(locale: AppLocale): Promise<Result<null>> };
  /** Page errors, written to the app's log file ("Open logs"); a browser has none to write to. */
  errors: { report(report: RendererError): Promise<Result<null>> };
  /** Received files streamed to the Downloads folder. */
  downloads: {
    open(request: DownloadRequest): Promise<Result<FileWriter>>;
    /** Reveals a file this session saved in the system file manager. */
    show(id: string): Promise<Result<null>>;
  };
  /** The app's own updates, from the chosen server or a LAN host (a browser gets the server's page). */
  updates: {
    status(): Promise<Result<UpdateStatus>>;
    check(): Promise<Result<UpdateStatus>>;
    download(): Promise<Result<null>>;
    /** Quits and installs the downloaded version; main refuses it (BUSY) during a call. */
    install(): Promise<Result<null>>;
    onChanged(listener: (status: UpdateStatus) => void): Unsubscribe;
  };
  /** The overlay over our shared display (desktop, Windows and macOS): what it draws, and in it, what to draw. */
  overlay: {
    show(state: OverlayState | null): Promise<Result<null>>;
    onState(listener: (state: OverlayState) => void): Unsubscribe;
  };
}

/** What only the desktop app can do. */
type DesktopOperations = Omit<Platform, 'desktop' | 'server' | 'media'>;

/** The sentence behind every desktop operation attempted in a browser. */
export const NOT_IN_BROWSER = 'Not available in a browser: only the Nearcast desktop app can do this.';

/** The Platform of the page `win` (the real `window` in the app, a stand-in in tests). */
export function createPlatform(win: Window): Platform {
  const bridge = (win as Window & { nearcast?: NearcastBridge }).nearcast ?? null;
  return {
    desktop: bridge !== null,
    server: bridge ? desktopServer(bridge, win) : browserServer(win),
    media: browserMedia(win),
    ...(bridge ? desktopOperations(bridge) : browserOperations()),
  };
}

function desktopServer(bridge: NearcastBridge, win: Window): Platform['server'] {
  return {
    async url() {
      const result = await bridge.getSignalingUrl();
      return result.ok ? result.data : win.location.origin;
    },
    async switchTo(address, room) {
      const chosen = await bridge.setSignalingServer(address);
      if (!chosen.ok) return chosen;
      if (room) win.location.assign(withRoom(win.location.origin, room));
      else win.location.reload();
      return ok(null);
    },
    // The app's page is on its own privileged scheme (nearcast-app://app): a secure context already.
    secureAddress: async () => null,
  };
}

/** The page at `origin` that opens with `room` filled in (see useJoinLink.ts). */
function withRoom(origin: string, room: string): string {
  const url = new URL('/', origin);
  url.searchParams.set('room', room);
  return url.href;
}

/** How long a server gets to answer before its address is called unreachable. */
const SERVER_CHECK_TIMEOUT_MS = 5_000;

/**
 * Whether something answers `/healthz` at `origin`, so a mistyped address gets a sentence here rather
 * than the browser's error page. The answer is opaque (no-cors: other servers send no CORS headers):
 * reachability, not proof of Nearcast. An http server cannot be asked from an https page (mixed
 * content), so it is taken on trust then.
 */
async function answers(win: Window, origin: string): Promise<boolean> {
  if (win.location.origin.startsWith('https:') && origin.startsWith('http:')) return true;
  try {
    await win.fetch(`${origin}healthz`, {
      mode: 'no-cors',
      cache: 'no-store',
      signal: AbortSignal.timeout(SERVER_CHECK_TIMEOUT_MS),
    });
    return true;
  } catch {
    return false;
  }
}

function browserServer(win: Window): Platform['server'] {
  return {
    url: async () => win.location.origin,
    async switchTo(address, room) {
      // "This computer's server" exists only in the app.
      if (address === null) return err('UNAVAILABLE', NOT_IN_BROWSER);
      const parsed = parseServerAddress(address);
      if (!parsed.ok) return parsed;
      if (!(await answers(win, parsed.data))) {
        return err('SERVER_UNREACHABLE', `No Nearcast server answers at ${parsed.data}.`);
      }
      win.location.assign(room ? withRoom(parsed.data, room) : parsed.data);
      return ok(null);
    },
    secureAddress: () => findSecureAddress(win),
  };
}

function browserMedia(win: Window): Platform['media'] {
  // eslint-disable-next-line no-restricted-syntax -- the one reader; undefined on http, checked by each use
  const devices = () => win.navigator.mediaDevices as MediaDevices | undefined;
  const secureDevices = (): MediaDevices => {
    const found = devices();
    if (!found || !win.isSecureContext) throw new DOMException('not a secure context', INSECURE_CONTEXT);
    return found;
  };
  return {
    captureAllowed: win.isSecureContext && devices() !== undefined,
    getUserMedia: async (constraints) => secureDevices().getUserMedia(constraints),
    getDisplayMedia: async (options) => secureDevices().getDisplayMedia(options),
    enumerateDevices: async () => (await devices()?.enumerateDevices()) ?? [],
    onDeviceChange(listener) {
      const found = devices();
      found?.addEventListener('devicechange', listener);
      return () => found?.removeEventListener('devicechange', listener);
    },
  };
}

function desktopOperations(bridge: NearcastBridge): DesktopOperations {
  return {
    capture: {
      listSources: (query) => bridge.listCaptureSources(query),
      environment: () => bridge.getCaptureEnvironment(),
      openScreenRecordingSettings: () => bridge.openScreenRecordingSettings(),
      grant: (sourceId, options) => bridge.selectCaptureSourceWith(sourceId, options),
    },
    hosting: {
      start: (request) => bridge.startHosting(request),
      stop: () => bridge.stopHosting(),
      status: () => bridge.getHostingStatus(),
      onChanged: (listener) => bridge.onHostingChanged(listener),
    },
    guests: {
      admission: () => bridge.getHostingAdmission(),
      setAdmission: (admission) => bridge.setHostingAdmission(admission),
      newCode: () => bridge.newHostingCode(),
      knocks: () => bridge.listGuestKnocks(),
      answer: (answer) => bridge.answerGuestKnock(answer),
      onKnocks: (listener) => bridge.onGuestKnocksChanged(listener),
    },
    lan: {
      hosts: () => bridge.listLanHosts(),
      onChanged: (listener) => bridge.onLanHostsChanged(listener),
    },
    links: { onOpened: (listener) => bridge.onDeepLink(listener) },
    tray: {
      setCallStatus: (status) => bridge.setCallStatus(status),
      onAction: (listener) => bridge.onTrayAction(listener),
    },
    callNotifications: {
      show: (call) => bridge.notifyIncomingCall(call),
      dismiss: (callId) => bridge.dismissIncomingCall(callId),
      onAction: (listener) => bridge.onCallNotificationAction(listener),
    },
    desktopSettings: {
      get: () => bridge.getDesktopSettings(),
      setCloseToTray: (on) => bridge.setCloseToTray(on),
      setOpenAtLogin: (on) => bridge.setOpenAtLogin(on),
      setMuteShortcut: (accelerator) => bridge.setMuteShortcut(accelerator),
    },
    language: { tell: (locale) => bridge.setLanguage(locale) },
    errors: { report: (report) => bridge.reportError(report) },
    downloads: {
      async open(request) {
        const opened = await bridge.openDownload(request);
        if (!opened.ok) return opened;
        const { id } = opened.data;
        return ok<FileWriter>({
          id,
          write: (chunk) => bridge.writeDownload(id, chunk),
          finish: () => bridge.finishDownload(id),
          abort: async () => void (await bridge.abortDownload(id)),
        });
      },
      show: (id) => bridge.showDownload(id),
    },
    updates: {
      status: () => bridge.getUpdateStatus(),
      check: () => bridge.checkForUpdates(),
      download: () => bridge.downloadUpdate(),
      install: () => bridge.installUpdate(),
      onChanged: (listener) => bridge.onUpdateChanged(listener),
    },
    overlay: {
      show: (state) => bridge.showOnOverlay(state),
      onState: (listener) => bridge.onOverlayState(listener),
    },
  };
}

function browserOperations(): DesktopOperations {
  const unavailable = async () => err<never>('UNAVAILABLE', NOT_IN_BROWSER);
  const silent = (): Unsubscribe => () => undefined;
  return {
    capture: {
      listSources: unavailable,
      environment: unavailable,
      openScreenRecordingSettings: unavailable,
      grant: unavailable,
    },
    hosting: { start: unavailable, stop: unavailable, status: unavailable, onChanged: silent },
    guests: {
      admission: unavailable,
      setAdmission: unavailable,
      newCode: unavailable,
      knocks: unavailable,
      answer: unavailable,
      onKnocks: silent,
    },
    lan: { hosts: unavailable, onChanged: silent },
    links: { onOpened: silent },
    tray: { setCallStatus: unavailable, onAction: silent },
    callNotifications: { show: unavailable, dismiss: unavailable, onAction: silent },
    desktopSettings: {
      get: unavailable,
      setCloseToTray: unavailable,
      setOpenAtLogin: unavailable,
      setMuteShortcut: unavailable,
    },
    language: { tell: unavailable },
    errors: { report: unavailable },
    downloads: { open: unavailable, show: unavailable },
    updates: {
      status: unavailable,
      check: unavailable,
      download: unavailable,
      install: unavailable,
      onChanged: silent,
    },
    overlay: { show: unavailable, onState: silent },
  };
}
