import { describe, expect, it } from 'vitest';
import { createFakeElectron } from '../../fakes/electron';
import { setupDesktop, status } from '../support/desktop';

describe('desktop settings', () => {
  it('reads close to tray (on by default), start at login and the mute shortcut', async () => {
    const { invoke } = await setupDesktop({}, createFakeElectron(), 'win32');
    await expect(invoke('desktop:get-settings')).resolves.toEqual({
      ok: true,
      data: {
        closeToTray: true,
        openAtLogin: false,
        openAtLoginSupported: true,
        muteShortcut: 'CommandOrControl+Shift+M',
      },
    });
  });

  it('turns closing to the tray off and on', async () => {
    const { invoke, backing } = await setupDesktop();
    await expect(invoke('desktop:set-close-to-tray', false)).resolves.toMatchObject({
      ok: true,
      data: { closeToTray: false },
    });
    expect(backing.get('closeToTray')).toBe(false);
  });

  it('starts at login only when asked, through the OS login items', async () => {
    const electron = createFakeElectron();
    const { invoke } = await setupDesktop({}, electron, 'darwin');
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    await expect(invoke('desktop:set-open-at-login', true)).resolves.toMatchObject({
      ok: true,
      data: { openAtLogin: true },
    });
    expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
  });

  it('says start at login is not available on Linux, where Electron has no login items', async () => {
    const electron = createFakeElectron();
    const { invoke } = await setupDesktop({}, electron, 'linux');
    await expect(invoke('desktop:get-settings')).resolves.toMatchObject({
      data: { openAtLoginSupported: false, openAtLogin: false },
    });
    await expect(invoke('desktop:set-open-at-login', true)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('saves a mute shortcut the OS accepts, without holding it outside a call', async () => {
    const { electron, invoke, backing } = await setupDesktop();
    await expect(invoke('desktop:set-mute-shortcut', 'Alt+Shift+K')).resolves.toMatchObject({
      ok: true,
      data: { muteShortcut: 'Alt+Shift+K' },
    });
    expect(backing.get('muteShortcut')).toBe('Alt+Shift+K');
    expect(electron.globalShortcut.registered.size).toBe(0);
    await invoke('call:set-status', status({ inCall: true }));
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
  });

  it('refuses a shortcut another app holds and keeps the old one, in a call too', async () => {
    const electron = createFakeElectron();
    electron.globalShortcut.taken.add('Alt+Shift+K');
    const { invoke, backing } = await setupDesktop({}, electron);
    await expect(invoke('desktop:set-mute-shortcut', 'Alt+Shift+K')).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    await invoke('call:set-status', status({ inCall: true }));
    await expect(invoke('desktop:set-mute-shortcut', 'Alt+Shift+K')).resolves.toMatchObject({ ok: false });
    expect(backing.get('muteShortcut')).toBeUndefined();
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+M']);
  });

  it('moves the held shortcut to the new keys during a call', async () => {
    const { electron, invoke } = await setupDesktop();
    await invoke('call:set-status', status({ inCall: true }));
    await invoke('desktop:set-mute-shortcut', 'Alt+Shift+K');
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
  });

  it('refuses what is no accelerator: by its shape, and when Electron throws on it', async () => {
    const electron = createFakeElectron();
    const { invoke } = await setupDesktop({}, electron);
    await expect(invoke('desktop:set-mute-shortcut', 'Ctrl+')).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    electron.globalShortcut.register = () => {
      throw new Error('conversion failure');
    };
    await expect(invoke('desktop:set-mute-shortcut', 'Shift+Nothing')).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
  });
});
