/**
 * The desktop bridge (`window.nearcast`) as a renderer test sees it: every method the preload exposes,
 * as a spy with a harmless answer, and main's pushes played by hand (`push.hosting(status)`). It is
 * typed against the preload's own bridge type, so a renamed or removed method fails the typecheck here.
 */
import { vi } from 'vitest';
import type {
  CallNotificationAction,
  CaptureEnvironment,
  CaptureSource,
  DeepLink,
  DesktopSettings,
  GuestKnock,
  HostingAdmission,
  HostingInfo,
  HostingStatus,
  LanHost,
  OverlayState,
  TrayAction,
} from '../../../common/ipc';
import { ok } from '../../../common/result';
import type { UpdateStatus } from '../../../common/updates';
import type { NearcastBridge } from '../../../electron/preload/bridge';

/** One event main pushes: listeners the renderer registered, and a way to fire them. */
class Channel<T> {
  private readonly listeners = new Set<(payload: T) => void>();
  on = (listener: (payload: T) => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  fire(payload: T): void {
    this.listeners.forEach((listener) => listener(payload));
  }
  get size(): number {
    return this.listeners.size;
  }
}

/** A screen as main lists it, for the picker and the desktop store. */
export const SCREEN_SOURCE: CaptureSource = {
  id: 'screen:0:0',
  name: 'Entire screen',
  kind: 'screen',
  thumbnailDataUrl: 'data:image/png;base64,AAAA',
  appIconDataUrl: null,
  displayId: '1',
};

/** Another Nearcast host found on the LAN. */
export const LAN_HOST: LanHost = {
  id: 'Nearcast-b._nearcast._tcp.local',
  name: 'Bob desktop',
  version: '0.1.0',
  accessCode: true,
  fingerprint: null,
  address: '192.168.1.30',
  port: 4780,
  url: 'http://192.168.1.30:4780/',
  updates: false,
};

export const HOSTING_INFO: HostingInfo = {
  urls: ['https://192.168.1.20:4780/', 'https://10.0.0.7:4780/'],
  joinUrl: 'https://192.168.1.20:4780/#code=k7mp-q2xw-9fhd',
  qrDataUrl: 'data:image/png;base64,QR',
  port: 4780,
  fingerprint256: Array.from({ length: 32 }, (_, i) =>
    (i * 7).toString(16).padStart(2, '0').toUpperCase(),
  ).join(':'),
  unitCode: '26 28 53',
  accessCode: 'k7mp-q2xw-9fhd',
  approval: true,
};

/** What main answers for the desktop settings until a test changes them. */
export const DESKTOP_SETTINGS: DesktopSettings = {
  closeToTray: true,
  openAtLogin: false,
  openAtLoginSupported: true,
  muteShortcut: 'CommandOrControl+Shift+M',
};

export function fakeBridge(signalingUrl = 'http://127.0.0.1:4780') {
  const desktopSettings = { ...DESKTOP_SETTINGS };
  const channels = {
    hosting: new Channel<HostingStatus>(),
    knocks: new Channel<GuestKnock[]>(),
    lan: new Channel<LanHost[]>(),
    deepLink: new Channel<DeepLink>(),
    tray: new Channel<TrayAction>(),
    callAction: new Channel<CallNotificationAction>(),
    updates: new Channel<UpdateStatus>(),
    overlay: new Channel<OverlayState>(),
  };
  const bridge = {
    listCaptureSources: vi.fn(async () => ok<CaptureSource[]>([])),
    getSignalingUrl: vi.fn(async () => ok(signalingUrl)),
    setSignalingServer: vi.fn(async (address: string | null) => ok(address ?? `${signalingUrl}/`)),
    selectCaptureSourceWith: vi.fn(async () => ok(null)),
    getCaptureEnvironment: vi.fn(async () =>
      ok<CaptureEnvironment>({ wayland: false, systemAudio: false, screenPermission: 'granted' }),
    ),
    openScreenRecordingSettings: vi.fn(async () => ok(null)),
    startHosting: vi.fn(async () => ok(HOSTING_INFO)),
    stopHosting: vi.fn(async () => ok(null)),
    getHostingStatus: vi.fn(async () => ok<HostingStatus>({ active: false })),
    onHostingChanged: channels.hosting.on,
    getHostingAdmission: vi.fn(async () => ok<HostingAdmission>({ requireCode: true, approval: true })),
    setHostingAdmission: vi.fn(async (admission: HostingAdmission) => ok(admission)),
    newHostingCode: vi.fn(async () => ok<HostingStatus>({ active: true, ...HOSTING_INFO })),
    listGuestKnocks: vi.fn(async () => ok<GuestKnock[]>([])),
    answerGuestKnock: vi.fn(async () => ok(null)),
    onGuestKnocksChanged: channels.knocks.on,
    listLanHosts: vi.fn(async () => ok<LanHost[]>([])),
    onLanHostsChanged: channels.lan.on,
    onDeepLink: channels.deepLink.on,
    setCallStatus: vi.fn(async () => ok(null)),
    onTrayAction: channels.tray.on,
    notifyIncomingCall: vi.fn(async () => ok(null)),
    dismissIncomingCall: vi.fn(async () => ok(null)),
    onCallNotificationAction: channels.callAction.on,
    openDownload: vi.fn(async () => ok({ id: 'd-1', fileName: 'a.txt' })),
    writeDownload: vi.fn(async () => ok(null)),
    finishDownload: vi.fn(async () => ok({ fileName: 'a.txt', path: '/home/ada/Downloads/a.txt' })),
    abortDownload: vi.fn(async () => ok(null)),
    showDownload: vi.fn(async () => ok(null)),
    setLanguage: vi.fn(async () => ok(null)),
    getDesktopSettings: vi.fn(async () => ok({ ...desktopSettings })),
    setCloseToTray: vi.fn(async (on: boolean) => ok({ ...desktopSettings, closeToTray: on })),
    setOpenAtLogin: vi.fn(async (on: boolean) => ok({ ...desktopSettings, openAtLogin: on })),
    setMuteShortcut: vi.fn(async (accelerator: string) =>
      ok({ ...desktopSettings, muteShortcut: accelerator }),
    ),
    reportError: vi.fn(async () => ok(null)),
    getUpdateStatus: vi.fn(async () => ok<UpdateStatus>({ state: 'idle' })),
    checkForUpdates: vi.fn(async () => ok<UpdateStatus>({ state: 'up-to-date' })),
    downloadUpdate: vi.fn(async () => ok(null)),
    installUpdate: vi.fn(async () => ok(null)),
    onUpdateChanged: channels.updates.on,
    showOnOverlay: vi.fn(async (_state: OverlayState | null) => ok(null)),
    onOverlayState: channels.overlay.on,
  } satisfies NearcastBridge;
  return { bridge, channels };
}

export type FakeBridge = ReturnType<typeof fakeBridge>;
