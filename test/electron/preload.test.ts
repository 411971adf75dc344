import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type HostingStatus, type IpcChannel, type IpcEvent } from '../../common/ipc';
import { createBridge, type IpcSubscribe } from '../../electron/preload/bridge';
import type { FakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).createFakeElectron());

const query = {
  kinds: ['screen', 'window'] as Array<'screen' | 'window'>,
  thumbnailWidth: 320,
  thumbnailHeight: 180,
};

const BRIDGE_METHODS = [
  'abortDownload',
  'answerGuestKnock',
  'checkForUpdates',
  'dismissIncomingCall',
  'downloadUpdate',
  'finishDownload',
  'getCaptureEnvironment',
  'getDesktopSettings',
  'getHostingAdmission',
  'getHostingStatus',
  'getSignalingUrl',
  'getUpdateStatus',
  'installUpdate',
  'listCaptureSources',
  'listGuestKnocks',
  'listLanHosts',
  'newHostingCode',
  'notifyIncomingCall',
  'onCallNotificationAction',
  'onDeepLink',
  'onGuestKnocksChanged',
  'onHostingChanged',
  'onLanHostsChanged',
  'onOverlayState',
  'onTrayAction',
  'onUpdateChanged',
  'openDownload',
  'openScreenRecordingSettings',
  'reportError',
  'selectCaptureSourceWith',
  'setCallStatus',
  'setCloseToTray',
  'setHostingAdmission',
  'setLanguage',
  'setMuteShortcut',
  'setOpenAtLogin',
  'setSignalingServer',
  'showDownload',
  'showOnOverlay',
  'startHosting',
  'stopHosting',
  'writeDownload',
];

const noSubscribe: IpcSubscribe = () => () => undefined;

describe('preload bridge', () => {
  it('exposes exactly the named capabilities', () => {
    const bridge = createBridge(
      vi.fn((_channel: IpcChannel, ..._args: unknown[]) => Promise.resolve<unknown>(null)),
      noSubscribe,
    );
    expect(Object.keys(bridge).sort()).toEqual(BRIDGE_METHODS);
  });

  it('reaches every channel of common/ipc, each through exactly one method', () => {
    const invoke = vi.fn((_channel: IpcChannel, ..._args: unknown[]) => Promise.resolve<unknown>(null));
    const bridge = createBridge(invoke, noSubscribe);
    for (const [name, method] of Object.entries(bridge)) {
      // Only which channel each method names matters here, so no arguments are needed.
      if (!name.startsWith('on')) void (method as () => unknown)();
    }
    const channels = invoke.mock.calls.map(([channel]) => channel).sort();
    expect(channels).toEqual(Object.keys(IPC_CHANNELS).sort());
  });

  it('sends each call on its channel with its arguments and returns the reply', async () => {
    const reply = { ok: true, data: 'reply' };
    const invoke = vi.fn((_channel: IpcChannel, ..._args: unknown[]) => Promise.resolve<unknown>(reply));
    const bridge = createBridge(invoke, noSubscribe);

    await expect(bridge.listCaptureSources(query)).resolves.toBe(reply);
    await expect(bridge.getSignalingUrl()).resolves.toBe(reply);
    await bridge.selectCaptureSourceWith('screen:0:0', { systemAudio: true });
    await bridge.startHosting();
    await bridge.startHosting({ port: 4781 });
    await bridge.stopHosting();
    await bridge.setCallStatus({ inCall: true, sharing: false, muted: true, peers: ['Ada'], transfers: 0 });
    await bridge.notifyIncomingCall({ callId: 'c1', callerName: 'Ada' });
    expect(invoke.mock.calls).toEqual([
      ['capture:list-sources', query],
      ['app:signaling-url'],
      ['capture:select-source-with', 'screen:0:0', { systemAudio: true }],
      ['hosting:start', {}],
      ['hosting:start', { port: 4781 }],
      ['hosting:stop'],
      ['call:set-status', { inCall: true, sharing: false, muted: true, peers: ['Ada'], transfers: 0 }],
      ['call:notify-incoming', { callId: 'c1', callerName: 'Ada' }],
    ]);
  });

  it('subscribes each onX to its event and returns the unsubscribe it got', () => {
    const unsubscribe = vi.fn();
    const subscribe = vi.fn<IpcSubscribe>(() => unsubscribe);
    const bridge = createBridge(vi.fn(), subscribe);
    const listener = vi.fn();
    expect(bridge.onHostingChanged(listener)).toBe(unsubscribe);
    bridge.onLanHostsChanged(vi.fn());
    bridge.onDeepLink(vi.fn());
    bridge.onTrayAction(vi.fn());
    bridge.onCallNotificationAction(vi.fn());
    expect(subscribe.mock.calls.map(([event]) => event)).toEqual<IpcEvent[]>([
      'hosting:changed',
      'lan:hosts-changed',
      'app:deep-link',
      'tray:action',
      'call:notification-action',
    ]);
    const status: HostingStatus = { active: false };
    subscribe.mock.calls[0]?.[1](status);
    expect(listener).toHaveBeenCalledWith(status);
  });

  it('is exposed as window.nearcast through contextBridge, backed by ipcRenderer', async () => {
    await import('../../electron/preload/index');
    const electron = (await import('electron')) as unknown as FakeElectron;
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['nearcast']);

    const exposed = electron.contextBridge.exposed.get('nearcast') as ReturnType<typeof createBridge>;
    expect(Object.keys(exposed).sort()).toEqual(BRIDGE_METHODS);
    await exposed.selectCaptureSourceWith('window:1:0', { systemAudio: false });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('capture:select-source-with', 'window:1:0', {
      systemAudio: false,
    });

    // Events: the listener gets the payload only (never the IPC event), until it unsubscribes.
    const listener = vi.fn();
    const unsubscribe = exposed.onTrayAction(listener);
    electron.ipcRenderer.emit('tray:action', { sender: electron.ipcRenderer }, 'toggle-mute');
    expect(listener).toHaveBeenCalledWith('toggle-mute');
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(electron.ipcRenderer.listenerCount('tray:action')).toBe(0);
    electron.ipcRenderer.emit('tray:action', {}, 'stop-sharing');
    expect(listener).toHaveBeenCalledOnce();
  });
});
