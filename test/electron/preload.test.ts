import { describe, expect, it, vi } from 'vitest';
import type { IpcChannel } from '../../common/ipc';
import { createBridge } from '../../electron/preload/bridge';
import type { FakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).createFakeElectron());

const query = {
  kinds: ['screen', 'window'] as Array<'screen' | 'window'>,
  thumbnailWidth: 320,
  thumbnailHeight: 180,
};

describe('preload bridge', () => {
  it('exposes exactly the named capabilities', () => {
    const bridge = createBridge(
      vi.fn((_channel: IpcChannel, ..._args: unknown[]) => Promise.resolve<unknown>(null)),
    );
    expect(Object.keys(bridge).sort()).toEqual([
      'getSignalingUrl',
      'listCaptureSources',
      'selectCaptureSource',
    ]);
  });

  it('sends each call on its channel with its arguments and returns the reply', async () => {
    const reply = { ok: true, data: 'reply' };
    const invoke = vi.fn((_channel: IpcChannel, ..._args: unknown[]) => Promise.resolve<unknown>(reply));
    const bridge = createBridge(invoke);

    await expect(bridge.listCaptureSources(query)).resolves.toBe(reply);
    await expect(bridge.selectCaptureSource('screen:0:0')).resolves.toBe(reply);
    await expect(bridge.getSignalingUrl()).resolves.toBe(reply);
    expect(invoke.mock.calls).toEqual([
      ['capture:list-sources', query],
      ['capture:select-source', 'screen:0:0'],
      ['app:signaling-url'],
    ]);
  });

  it('is exposed as window.nearcast through contextBridge, backed by ipcRenderer.invoke', async () => {
    await import('../../electron/preload/index');
    const electron = (await import('electron')) as unknown as FakeElectron;
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['nearcast']);

    const exposed = electron.contextBridge.exposed.get('nearcast') as ReturnType<typeof createBridge>;
    expect(Object.keys(exposed).sort()).toEqual([
      'getSignalingUrl',
      'listCaptureSources',
      'selectCaptureSource',
    ]);
    await exposed.selectCaptureSource('window:1:0');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('capture:select-source', 'window:1:0');
  });
});
