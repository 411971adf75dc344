/**
 * What the desktop app adds around calls: hosting this app's rooms for the LAN, the Nearcast hosts
 * found there, the app's own share picker, the tray and the mute shortcut kept in step with the call,
 * `nearcast://` links, and the choice of server. Everything goes through the platform (services/
 * platform.ts); components render this state and call these actions. In a browser `available` is false
 * and nothing here listens to anything, except the server choice, which opens the other server's page.
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type {
  CallStatus,
  CaptureEnvironment,
  CaptureSource,
  HostingStatus,
  LanHost,
} from '../../../common/ipc';
import type { ResultError } from '../../../common/result';
import { checkServerAddress } from '../../../common/server-address';
import type { Problem } from '../i18n/problem';
import type { TransferState } from '../rtc/transfers/model';
import { injectServices } from '../services';
import type { Platform, Unsubscribe } from '../services/platform';
import { useMediaStore } from './media';
import { useRoomStore } from './room';
import { useSessionStore } from './session';
import { useTransfersStore } from './transfers';

/** How often the picker's list is refreshed while open, so new windows appear and closed ones go. */
export const SOURCES_REFRESH_MS = 3_000;

export const useDesktopStore = defineStore('desktop', () => {
  const { platform } = injectServices();
  /** Inside the desktop app (a getter, so component tests can set it). */
  const available = computed(() => platform.desktop);

  const hosting = ref<HostingStatus>({ active: false });
  const hostingBusy = ref(false);
  const hostingError = ref<ResultError | null>(null);
  const lanHosts = ref<LanHost[]>([]);
  /**
   * The room of the last `nearcast://join` link the app was opened with, for Home to fill in (joining
   * stays the user's click). A new object per link, so the same link fills the form again.
   */
  const joinLink = shallowRef<{ room: string } | null>(null);
  /**
   * A `nearcast://join` link naming another server than this window's: the room and that server,
   * until the user accepts the move (which reloads the page on it) or declines. Never switched unasked:
   * a link can come from anyone.
   */
  const serverOffer = shallowRef<{ room: string; server: string } | null>(null);

  const picking = ref(false);
  const captureSources = ref<CaptureSource[]>([]);
  const sourcesLoading = ref(false);
  const captureError = ref<ResultError | null>(null);
  const captureEnvironment = ref<CaptureEnvironment | null>(null);
  let refreshTimer: ReturnType<typeof setInterval> | undefined;

  const switching = ref(false);
  const serverProblem = ref<Problem | null>(null);

  /** Opens this app to the LAN on `port` (any free one when undefined). */
  async function startHosting(port?: number): Promise<void> {
    hostingBusy.value = true;
    hostingError.value = null;
    const started = await platform.hosting.start(port === undefined ? {} : { port });
    hostingBusy.value = false;
    if (started.ok) hosting.value = { active: true, ...started.data };
    else hostingError.value = started.error;
  }

  async function stopHosting(): Promise<void> {
    hostingBusy.value = true;
    const stopped = await platform.hosting.stop();
    hostingBusy.value = false;
    if (stopped.ok) hosting.value = { active: false };
    else hostingError.value = stopped.error;
  }

  /**
   * macOS: without the Screen Recording permission the list is empty or shows blank windows. 'denied'
   * can be changed in System Settings; 'restricted' is set by an administrator.
   */
  async function readCaptureEnvironment(): Promise<void> {
    const read = await platform.capture.environment();
    if (read.ok) captureEnvironment.value = read.data;
  }

  async function refreshSources(): Promise<void> {
    const listed = await platform.capture.listSources({
      kinds: ['screen', 'window'],
      thumbnailWidth: 320,
      thumbnailHeight: 180,
    });
    sourcesLoading.value = false;
    if (listed.ok) {
      captureSources.value = listed.data;
      captureError.value = null;
    } else captureError.value = listed.error;
  }

  /** Shows the app's share picker and keeps its list (and the permission) fresh while it is open. */
  function openPicker(): void {
    if (picking.value) return;
    picking.value = true;
    sourcesLoading.value = true;
    captureError.value = null;
    void readCaptureEnvironment();
    void refreshSources();
    refreshTimer = setInterval(() => {
      void refreshSources();
      // The user may grant the permission in System Settings while the picker is open.
      if (captureEnvironment.value?.screenPermission === 'denied') void readCaptureEnvironment();
    }, SOURCES_REFRESH_MS);
  }

  function closePicker(): void {
    picking.value = false;
    clearInterval(refreshTimer);
    refreshTimer = undefined;
  }

  async function openScreenRecordingSettings(): Promise<void> {
    const opened = await platform.capture.openScreenRecordingSettings();
    if (!opened.ok) captureError.value = opened.error;
  }

  /**
   * Moves this window to the server at `address` (null: this computer's), opening with `room` filled
   * in when given; false when it did not move.
   */
  async function switchServer(address: string | null, room?: string): Promise<boolean> {
    serverProblem.value = null;
    // Main applies the same rules, but only this side can say what is wrong in the user's language.
    const checked = address === null ? null : checkServerAddress(address);
    if (checked && !checked.ok) {
      serverProblem.value = checked.issue;
      return false;
    }
    switching.value = true;
    const switched = await platform.server.switchTo(address, room);
    switching.value = false;
    if (!switched.ok) serverProblem.value = switched.error;
    return switched.ok;
  }

  function isCurrentServer(address: string): boolean {
    const current = useSessionStore().serverUrl;
    return current !== null && new URL(current).origin === new URL(address).origin;
  }

  /** Moves to the server the link named, its room filled in there; joining stays the user's click. */
  async function acceptServerOffer(): Promise<void> {
    const offer = serverOffer.value;
    serverOffer.value = null;
    if (offer) await switchServer(offer.server, offer.room);
  }

  function declineServerOffer(): void {
    serverOffer.value = null;
  }

  /** Main's pushes, and the state it already has (unless a push came first, which is newer). */
  function followMain(): Unsubscribe[] {
    let hostingPushed = false;
    let hostsPushed = false;
    const offs = [
      platform.hosting.onChanged((status) => {
        hostingPushed = true;
        hosting.value = status;
      }),
      platform.lan.onChanged((hosts) => {
        hostsPushed = true;
        lanHosts.value = hosts;
      }),
      platform.links.onOpened((link) => {
        if (link.kind !== 'join') return;
        if (link.server && !isCurrentServer(link.server))
          serverOffer.value = { room: link.room, server: link.server };
        else joinLink.value = { room: link.room };
      }),
    ];
    void platform.hosting.status().then((status) => {
      if (status.ok && !hostingPushed) hosting.value = status.data;
    });
    void platform.lan.hosts().then((hosts) => {
      if (hosts.ok && !hostsPushed) lanHosts.value = hosts.data;
    });
    return offs;
  }

  if (platform.desktop) {
    // Leaving the room (or being removed from it) takes the share picker with it.
    const room = useRoomStore();
    const stopPicking = watch(
      () => room.phase,
      (phase) => {
        if (phase !== 'in-room') closePicker();
      },
    );
    const offs = [...followMain(), followCall(platform), stopPicking];
    onScopeDispose(() => {
      closePicker();
      offs.forEach((off) => off());
    });
  }

  return {
    available,
    hosting,
    hostingBusy,
    hostingError,
    lanHosts,
    joinLink,
    serverOffer,
    acceptServerOffer,
    declineServerOffer,
    picking,
    captureSources,
    sourcesLoading,
    captureError,
    captureEnvironment,
    switching,
    serverProblem,
    startHosting,
    stopHosting,
    openPicker,
    closePicker,
    openScreenRecordingSettings,
    switchServer,
  };
});

/** Transfer states in which quitting would lose a file on its way. */
const MOVING: ReadonlySet<TransferState> = new Set(['queued', 'transferring', 'interrupted', 'verifying']);

/** As many names as main's tray and quit question take (common/ipc's call status). */
const MAX_STATUS_PEERS = 16;

/**
 * Keeps the tray, the window title, the global mute shortcut and main's question before quitting in
 * step with the call (who it is with, how many files are moving), and acts on the tray's Mute and Stop
 * sharing.
 */
function followCall(platform: Platform): Unsubscribe {
  const room = useRoomStore();
  const media = useMediaStore();
  const transfers = useTransfersStore();
  const inCall = () => room.phase === 'in-room';
  const peers = computed(() =>
    inCall()
      ? [...new Set(room.peers.map((peer) => peer.name.trim()).filter(Boolean))].slice(0, MAX_STATUS_PEERS)
      : [],
  );
  const moving = computed(() => transfers.transfers.filter((transfer) => MOVING.has(transfer.state)).length);
  // Primitives only, so a transfer's progress (a new list every chunk) sends nothing unless a count changed.
  const stopWatching = watch(
    [
      inCall,
      () => inCall() && media.sharing,
      () => inCall() && media.micMuted,
      () => peers.value.join('\n'),
      moving,
    ],
    ([active, sharing, muted, , count]) => {
      const status: CallStatus = { inCall: active, sharing, muted, peers: peers.value, transfers: count };
      void platform.tray.setCallStatus(status);
    },
  );
  const stopListening = platform.tray.onAction((action) => {
    if (action === 'toggle-mute') void media.toggleMute();
    else if (action === 'stop-sharing') media.stopShare();
  });
  return () => {
    stopWatching();
    stopListening();
  };
}
