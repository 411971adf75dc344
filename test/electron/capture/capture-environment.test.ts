import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import {
  createCaptureEnvironment,
  isWaylandSession,
  SCREEN_RECORDING_SETTINGS_URL,
} from '../../../electron/main/capture/capture-environment';
import { createDisplayMedia } from '../../../electron/main/capture/display-media';
import type { DisplayMediaRequest } from '../../../electron/main/electron-api/capture';
import { FakeDesktopCapturer, FakeSession, fakeFrame, fakeSource } from '../../fakes/electron';

function environment(platform: string, screenStatus = 'granted', wayland = false) {
  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  const systemPreferences = { getMediaAccessStatus: vi.fn((_type: 'screen') => screenStatus) };
  return {
    shell,
    systemPreferences,
    env: createCaptureEnvironment({ platform, wayland, systemPreferences, shell }),
  };
}

describe('capture environment', () => {
  it('detects Wayland from either session variable', () => {
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(isWaylandSession({ WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'x11' })).toBe(false);
  });

  it('reports the portal on Linux Wayland only, and loopback audio on Windows only', () => {
    expect(environment('linux', 'granted', true).env.read()).toEqual({
      wayland: true,
      systemAudio: false,
      screenPermission: 'granted',
    });
    expect(environment('win32').env.read()).toMatchObject({ wayland: false, systemAudio: true });
    expect(environment('darwin', 'granted', true).env.read().wayland).toBe(false);
  });

  it('reads the macOS screen-recording permission fresh on every call', () => {
    const { env, systemPreferences } = environment('darwin', 'denied');
    expect(env.read().screenPermission).toBe('denied');
    systemPreferences.getMediaAccessStatus.mockReturnValue('granted');
    expect(env.read().screenPermission).toBe('granted');
    systemPreferences.getMediaAccessStatus.mockReturnValue('weird');
    expect(env.read().screenPermission).toBe('unknown');
  });

  it('opens the Screen Recording pane on macOS and nothing elsewhere', async () => {
    const mac = environment('darwin', 'denied');
    await expect(mac.env.openScreenRecordingSettings()).resolves.toEqual({ ok: true, data: null });
    expect(mac.shell.openExternal).toHaveBeenCalledWith(SCREEN_RECORDING_SETTINGS_URL);
    const linux = environment('linux');
    await expect(linux.env.openScreenRecordingSettings()).resolves.toMatchObject({ ok: false });
    expect(linux.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('system audio in the display-media grant', () => {
  const ORIGIN = 'http://127.0.0.1:4780';
  const request = (audioRequested: boolean): DisplayMediaRequest => ({
    frame: fakeFrame(`${ORIGIN}/`),
    videoRequested: true,
    audioRequested,
  });

  function setup(loopbackAudio: boolean) {
    const session = new FakeSession();
    const desktopCapturer = new FakeDesktopCapturer();
    desktopCapturer.sources = [fakeSource({ id: 'screen:0:0', name: 'Entire screen' })];
    const displayMedia = createDisplayMedia({
      session,
      desktopCapturer,
      trustedOrigin: ORIGIN,
      loopbackAudio,
      logger: pino({ level: 'silent' }),
    });
    displayMedia.enable();
    return { session, displayMedia };
  }

  it('adds loopback audio when the user ticked it, the OS supports it and the page asked for audio', async () => {
    const { session, displayMedia } = setup(true);
    await displayMedia.select('screen:0:0', { systemAudio: true });
    await expect(session.requestDisplayMedia(request(true))).resolves.toEqual({
      video: { id: 'screen:0:0', name: 'Entire screen' },
      audio: 'loopback',
    });
  });

  it.each([
    ['the user did not tick it', true, false, true],
    ['the OS has no loopback', false, true, true],
    ['the page asked for video only', true, true, false],
  ])('grants video only when %s', async (_name, loopback, ticked, asked) => {
    const { session, displayMedia } = setup(loopback);
    await displayMedia.select('screen:0:0', { systemAudio: ticked });
    await expect(session.requestDisplayMedia(request(asked))).resolves.toEqual({
      video: { id: 'screen:0:0', name: 'Entire screen' },
    });
  });
});
