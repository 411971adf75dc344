import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { captureModule } from '../../../electron/main/capture/capture-module';
import { FakeDesktopCapturer, FakeSession, fakeFrame, fakeSource } from '../../fakes/electron';
import { TRUSTED_ORIGIN, trustedIpc } from '../support/ipc';

const QUERY = { kinds: ['screen', 'window'], thumbnailWidth: 160, thumbnailHeight: 90 };

async function setup(platform = 'linux') {
  const ipc = trustedIpc();
  const session = new FakeSession();
  const desktopCapturer = new FakeDesktopCapturer();
  desktopCapturer.sources = [
    fakeSource({ id: 'window:42:0', name: 'Slides' }),
    fakeSource({ id: 'screen:0:0', name: 'Entire screen' }),
  ];
  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  const capture = await captureModule({
    registry: ipc.registry,
    session,
    desktopCapturer,
    shell,
    systemPreferences: { getMediaAccessStatus: () => 'denied' },
    platform,
    wayland: false,
    trustedOrigin: TRUSTED_ORIGIN,
    logger: pino({ level: 'silent' }),
  }).enable();
  const getDisplayMedia = (audioRequested = false) =>
    session.requestDisplayMedia({
      frame: fakeFrame(`${TRUSTED_ORIGIN}/`),
      videoRequested: true,
      audioRequested,
    });
  return { ...ipc, session, desktopCapturer, shell, capture, getDisplayMedia };
}

describe('capture module', () => {
  it('lists screens first, then windows, for the picker', async () => {
    const { invoke } = await setup();
    await expect(invoke('capture:list-sources', QUERY)).resolves.toMatchObject({
      ok: true,
      data: [
        { id: 'screen:0:0', kind: 'screen' },
        { id: 'window:42:0', kind: 'window' },
      ],
    });
  });

  it('answers UNAVAILABLE with a sentence when the system will not list sources', async () => {
    const { invoke, desktopCapturer } = await setup();
    desktopCapturer.getSources.mockRejectedValueOnce(new Error('no permission'));
    const reply = await invoke('capture:list-sources', QUERY);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(JSON.stringify(reply)).not.toContain('no permission');
  });

  it('grants getDisplayMedia exactly the source picked through IPC, once', async () => {
    const { invoke, getDisplayMedia } = await setup();
    await expect(getDisplayMedia()).resolves.toEqual({});
    await expect(
      invoke('capture:select-source-with', 'window:42:0', { systemAudio: false }),
    ).resolves.toEqual({ ok: true, data: null });
    await expect(getDisplayMedia()).resolves.toEqual({ video: { id: 'window:42:0', name: 'Slides' } });
    await expect(getDisplayMedia()).resolves.toEqual({});
  });

  it('refuses a pick that is not in the latest source list, and grants nothing after it', async () => {
    const { invoke, desktopCapturer, getDisplayMedia } = await setup();
    await invoke('capture:select-source-with', 'window:42:0', { systemAudio: false });
    desktopCapturer.sources = [fakeSource({ id: 'screen:0:0', name: 'Entire screen' })];
    await expect(
      invoke('capture:select-source-with', 'window:42:0', { systemAudio: false }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'SOURCE_NOT_FOUND' } });
    await expect(getDisplayMedia()).resolves.toEqual({});
  });

  it('adds system audio on Windows when the user asked for it', async () => {
    const { invoke, getDisplayMedia } = await setup('win32');
    await invoke('capture:select-source-with', 'screen:0:0', { systemAudio: true });
    await expect(getDisplayMedia(true)).resolves.toEqual({
      video: { id: 'screen:0:0', name: 'Entire screen' },
      audio: 'loopback',
    });
  });

  it('tells the picker about the system and opens the macOS permission pane', async () => {
    const mac = await setup('darwin');
    await expect(mac.invoke('capture:environment')).resolves.toEqual({
      ok: true,
      data: { wayland: false, systemAudio: false, screenPermission: 'denied' },
    });
    await expect(mac.invoke('capture:open-screen-settings')).resolves.toEqual({ ok: true, data: null });
    expect(mac.shell.openExternal).toHaveBeenCalledOnce();
  });

  it('removes its handlers and the display-media grant on dispose', async () => {
    const { capture, channels, session } = await setup();
    expect(channels()).toEqual([
      'capture:environment',
      'capture:list-sources',
      'capture:open-screen-settings',
      'capture:select-source-with',
    ]);
    await capture.dispose();
    expect(channels()).toEqual([]);
    expect(session.displayMediaRequestHandler).toBeNull();
  });
});
