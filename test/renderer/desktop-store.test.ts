import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { CaptureSource } from '../../common/ipc';
import { err, ok } from '../../common/result';
import { SOURCES_REFRESH_MS, useDesktopStore } from '../../renderer/src/stores/desktop';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useTransfersStore } from '../../renderer/src/stores/transfers';
import type { TransferView } from '../../renderer/src/rtc/transfers/model';
import { useSessionStore } from '../../renderer/src/stores/session';
import { fakeBridge, HOSTING_INFO, LAN_HOST, SCREEN_SOURCE, type FakeBridge } from '../fakes/dom/bridge';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';
import { inWords } from './i18n';

const screen = SCREEN_SOURCE;
const slides: CaptureSource = {
  ...screen,
  id: 'window:7:0',
  name: 'Slides',
  kind: 'window',
  displayId: null,
};
const host = LAN_HOST;

let desktop: FakeBridge;
let location: ReturnType<typeof fakeWindow>['location'];

/** The desktop app: stores over a fake bridge (or, with `bridge` false, a browser). */
function start(bridge = true, client = new FakeSignalingClient()) {
  desktop = fakeBridge();
  const window = fakeWindow(bridge ? { bridge: desktop.bridge } : {});
  location = window.location;
  setActivePinia(piniaWith(fakeServices({ win: window.win, connectSignaling: () => client })));
  return useDesktopStore();
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('desktop store: hosting and LAN hosts', () => {
  it('starts hosting and shows where guests join; a refused port keeps the reason', async () => {
    const store = start();
    await store.startHosting(4781);
    expect(desktop.bridge.startHosting).toHaveBeenCalledWith({ port: 4781 });
    expect(store.hosting).toEqual({ active: true, ...HOSTING_INFO });
    await store.stopHosting();
    expect(store.hosting).toEqual({ active: false });

    desktop.bridge.startHosting.mockResolvedValueOnce(
      err('UNAVAILABLE', 'Port 4780 is already in use.') as never,
    );
    await store.startHosting();
    expect(desktop.bridge.startHosting).toHaveBeenLastCalledWith({});
    expect(store.hostingError?.message).toBe('Port 4780 is already in use.');
    expect(store.hosting.active).toBe(false);
  });

  it('follows what main pushes, starting from what main already has', async () => {
    desktop = fakeBridge();
    desktop.bridge.getHostingStatus.mockResolvedValueOnce(ok({ active: true as const, ...HOSTING_INFO }));
    desktop.bridge.listLanHosts.mockResolvedValueOnce(ok([host]));
    setActivePinia(piniaWith(fakeServices({ win: fakeWindow({ bridge: desktop.bridge }).win })));
    const store = useDesktopStore();
    await vi.waitFor(() => expect(store.lanHosts).toEqual([host]));
    expect(store.hosting.active).toBe(true);
    desktop.channels.hosting.fire({ active: false });
    desktop.channels.lan.fire([]);
    expect(store.hosting).toEqual({ active: false });
    expect(store.lanHosts).toEqual([]);
    store.$dispose();
    expect(desktop.channels.hosting.size + desktop.channels.lan.size + desktop.channels.tray.size).toBe(0);
  });

  it('keeps the room of the latest nearcast://join link, a new one each time; call links fill nothing', () => {
    const store = start();
    desktop.channels.deepLink.fire({ kind: 'join', room: 'standup' });
    const first = store.joinLink;
    desktop.channels.deepLink.fire({ kind: 'join', room: 'standup' });
    desktop.channels.deepLink.fire({ kind: 'call', device: 'dev-1' });
    expect(store.joinLink).toEqual({ room: 'standup' });
    expect(store.joinLink).not.toBe(first);
  });

  it('asks before moving to the server a nearcast://join link names, and moves only when accepted', async () => {
    const store = start();
    await useSessionStore().connect();
    // The server this window already uses: just the room.
    desktop.channels.deepLink.fire({ kind: 'join', room: 'here', server: 'http://127.0.0.1:4780/' });
    expect(store.joinLink).toEqual({ room: 'here' });
    expect(store.serverOffer).toBeNull();

    desktop.channels.deepLink.fire({ kind: 'join', room: 'standup', server: 'https://192.168.1.20:4780/' });
    expect(store.serverOffer).toEqual({ room: 'standup', server: 'https://192.168.1.20:4780/' });
    expect(store.joinLink).toEqual({ room: 'here' });
    store.declineServerOffer();
    expect(store.serverOffer).toBeNull();
    expect(desktop.bridge.setSignalingServer).not.toHaveBeenCalled();

    desktop.channels.deepLink.fire({ kind: 'join', room: 'standup', server: 'https://192.168.1.20:4780/' });
    await store.acceptServerOffer();
    expect(desktop.bridge.setSignalingServer).toHaveBeenCalledWith('https://192.168.1.20:4780/');
    expect(store.serverOffer).toBeNull();
    // The window reopens on the other server with the link's room filled in.
    expect(location.assign).toHaveBeenCalledWith('http://127.0.0.1:4780/?room=standup');
  });

  it('in a browser, listens to nothing and is not available', () => {
    const store = start(false);
    expect(store.available).toBe(false);
    expect(desktop.bridge.getHostingStatus).not.toHaveBeenCalled();
  });
});

describe('desktop store: the share picker', () => {
  it('lists sources when opened, asks main again every few seconds, and stops when closed', async () => {
    vi.useFakeTimers();
    const store = start();
    desktop.bridge.listCaptureSources.mockResolvedValue(ok([screen]));
    store.openPicker();
    expect(store.picking).toBe(true);
    expect(store.sourcesLoading).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.captureSources).toEqual([screen]);
    expect(store.sourcesLoading).toBe(false);
    expect(desktop.bridge.listCaptureSources).toHaveBeenCalledWith({
      kinds: ['screen', 'window'],
      thumbnailWidth: 320,
      thumbnailHeight: 180,
    });

    desktop.bridge.listCaptureSources.mockResolvedValue(ok([screen, slides]));
    await vi.advanceTimersByTimeAsync(SOURCES_REFRESH_MS);
    expect(store.captureSources.map((s) => s.name)).toEqual(['Entire screen', 'Slides']);
    store.closePicker();
    await vi.advanceTimersByTimeAsync(SOURCES_REFRESH_MS * 3);
    expect(desktop.bridge.listCaptureSources).toHaveBeenCalledTimes(2);
  });

  it('re-reads a denied permission while open, and reports a failure to open the settings', async () => {
    vi.useFakeTimers();
    const store = start();
    desktop.bridge.getCaptureEnvironment.mockResolvedValueOnce(
      ok({ wayland: false, systemAudio: false, screenPermission: 'denied' as const }),
    );
    store.openPicker();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.captureEnvironment?.screenPermission).toBe('denied');
    await vi.advanceTimersByTimeAsync(SOURCES_REFRESH_MS);
    expect(store.captureEnvironment?.screenPermission).toBe('granted');

    desktop.bridge.openScreenRecordingSettings.mockResolvedValueOnce(err('UNAVAILABLE') as never);
    await store.openScreenRecordingSettings();
    expect(store.captureError?.code).toBe('UNAVAILABLE');
    store.closePicker();
  });

  it('closes with the room: leaving stops asking main for sources', async () => {
    vi.useFakeTimers();
    const store = start();
    await useRoomStore().join('standup', 'Ada');
    store.openPicker();
    await useRoomStore().leave();
    await nextTick();
    expect(store.picking).toBe(false);
    await vi.advanceTimersByTimeAsync(SOURCES_REFRESH_MS * 3);
    expect(desktop.bridge.listCaptureSources).toHaveBeenCalledOnce();
  });

  it('the picked source is granted by main before the share starts, with system audio only if ticked', async () => {
    start();
    await useRoomStore().join('standup', 'Ada');
    const media = useMediaStore();
    expect(await media.startShare('window:7:0', { systemAudio: false })).toBe(true);
    expect(desktop.bridge.selectCaptureSourceWith).toHaveBeenCalledWith('window:7:0', { systemAudio: false });
    expect(media.sharing).toBe(true);
  });
});

describe('desktop store: tray and mute shortcut', () => {
  it('tells the tray we are in a call, whether muted and sharing, and that we left', async () => {
    start();
    const room = useRoomStore();
    const media = useMediaStore();
    await room.join('standup', 'Ada');
    await nextTick();
    expect(desktop.bridge.setCallStatus).toHaveBeenLastCalledWith({
      inCall: true,
      sharing: false,
      muted: false,
      peers: [],
      transfers: 0,
    });
    media.toggleMute();
    await nextTick();
    expect(desktop.bridge.setCallStatus).toHaveBeenLastCalledWith({
      inCall: true,
      sharing: false,
      muted: true,
      peers: [],
      transfers: 0,
    });
    await room.leave();
    await nextTick();
    expect(desktop.bridge.setCallStatus).toHaveBeenLastCalledWith({
      inCall: false,
      sharing: false,
      muted: false,
      peers: [],
      transfers: 0,
    });
  });

  it('tells main who the call is with and how many files are on their way, for the quit question', async () => {
    const client = new FakeSignalingClient();
    client.peers = [{ id: 'b', name: 'Bob' }];
    start(true, client);
    await useRoomStore().join('standup', 'Ada');
    await nextTick();
    expect(desktop.bridge.setCallStatus).toHaveBeenLastCalledWith(
      expect.objectContaining({ inCall: true, peers: ['Bob'], transfers: 0 }),
    );
    const transfers = useTransfersStore();
    const file = { id: 't1', state: 'transferring' } as TransferView;
    transfers.transfers = [file, { ...file, id: 't2', state: 'done' }];
    await nextTick();
    expect(desktop.bridge.setCallStatus).toHaveBeenLastCalledWith(
      expect.objectContaining({ peers: ['Bob'], transfers: 1 }),
    );
    const calls = desktop.bridge.setCallStatus.mock.calls.length;
    transfers.transfers = [{ ...file, bytes: 100 }];
    await nextTick();
    expect(desktop.bridge.setCallStatus).toHaveBeenCalledTimes(calls);
  });

  it('mutes and stops sharing when the tray or the shortcut asks', async () => {
    start();
    await useRoomStore().join('standup', 'Ada');
    const media = useMediaStore();
    await media.startShare('screen:0:0');
    desktop.channels.tray.fire('toggle-mute');
    desktop.channels.tray.fire('stop-sharing');
    expect(media.micMuted).toBe(true);
    expect(media.sharing).toBe(false);
  });
});

describe('desktop store: choosing a server', () => {
  it('in the app, asks main and reloads only when main agreed, keeping its reason otherwise', async () => {
    const store = start();
    expect(await store.switchServer('box.lan')).toBe(true);
    expect(desktop.bridge.setSignalingServer).toHaveBeenCalledWith('box.lan');
    expect(location.reload).toHaveBeenCalledOnce();
    desktop.bridge.setSignalingServer.mockResolvedValueOnce(err('UNAVAILABLE') as never);
    expect(await store.switchServer('other.lan')).toBe(false);
    expect(inWords(store.serverProblem)).toBe('This feature is not available here.');
    expect(store.switching).toBe(false);
    expect(location.reload).toHaveBeenCalledOnce();
  });

  it('in the app, says what is wrong with an address without asking main, in French too', async () => {
    const store = start();
    expect(await store.switchServer('http://')).toBe(false);
    expect(inWords(store.serverProblem)).toBe(
      'That is not an address. Try something like 192.168.1.20:4780.',
    );
    expect(inWords(store.serverProblem, 'fr')).toBe(
      "Ce n'est pas une adresse. Essayez par exemple 192.168.1.20:4780.",
    );
    expect(desktop.bridge.setSignalingServer).not.toHaveBeenCalled();
  });

  it('in a browser, opens the other server at its canonical address, or says what is wrong', async () => {
    const store = start(false);
    expect(await store.switchServer(' 192.168.1.20 ')).toBe(true);
    expect(location.assign).toHaveBeenCalledWith('http://192.168.1.20:4780/');
    expect(store.serverProblem).toBeNull();
    expect(await store.switchServer('ftp://box.lan')).toBe(false);
    expect(inWords(store.serverProblem)).toBe('A Nearcast server address starts with http:// or https://.');
    expect(inWords(store.serverProblem, 'fr')).toBe(
      'Une adresse de serveur Nearcast commence par http:// ou https://.',
    );
    expect(location.assign).toHaveBeenCalledOnce();
  });
});
