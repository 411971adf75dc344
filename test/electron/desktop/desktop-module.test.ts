import { describe, expect, it } from 'vitest';
import { createFakeElectron } from '../../fakes/electron';
import { setupDesktop as setup, status } from '../support/desktop';

describe('desktop module', () => {
  it('shows the call status pushed through IPC in the tray and the window title', async () => {
    const { electron, invoke, open } = await setup();
    const window = open();
    await expect(
      invoke('call:set-status', status({ inCall: true, sharing: true, muted: false })),
    ).resolves.toEqual({
      ok: true,
      data: null,
    });
    expect(electron.Tray.created[0]?.toolTip).toContain('sharing your screen');
    expect(window.title).toMatch(/^● Sharing/);
  });

  it('sends tray clicks and the global mute shortcut to our windows', async () => {
    const { electron, invoke, open } = await setup();
    const window = open();
    await invoke('call:set-status', status({ inCall: true, sharing: true, muted: false }));
    electron.Tray.created[0]?.menu?.click('Stop sharing');
    expect(electron.globalShortcut.press('CommandOrControl+Shift+M')).toBe(true);
    expect(window.webContents.sentOn('tray:action')).toEqual(['stop-sharing', 'toggle-mute']);
  });

  it("holds the global mute shortcut only during a call, so the keys stay other apps' the rest of the time", async () => {
    const { electron, invoke } = await setup({ muteShortcut: 'Alt+Shift+K' });
    const registered = () => [...electron.globalShortcut.registered.keys()];
    expect(registered()).toEqual([]);
    await invoke('call:set-status', status({ inCall: true, sharing: false, muted: false }));
    expect(registered()).toEqual(['Alt+Shift+K']);
    await invoke('call:set-status', status({ inCall: true, sharing: false, muted: true }));
    expect(registered()).toEqual(['Alt+Shift+K']);
    await invoke('call:set-status', status({ inCall: false, sharing: false, muted: false }));
    expect(registered()).toEqual([]);
  });

  it('goes on without the shortcut when the OS refuses its keys in a call', async () => {
    const electron = createFakeElectron();
    electron.globalShortcut.taken.add('CommandOrControl+Shift+M');
    const { invoke } = await setup({}, electron);
    await expect(
      invoke('call:set-status', status({ inCall: true, sharing: false, muted: false })),
    ).resolves.toEqual({
      ok: true,
      data: null,
    });
    expect(electron.globalShortcut.registered.size).toBe(0);
  });

  it('notifies an incoming call, sends the answer to our window and brings it forward', async () => {
    const { electron, invoke, open } = await setup();
    const window = open();
    window.minimized = true;
    await invoke('call:notify-incoming', { callId: 'c1', callerName: 'Ada' });
    electron.Notification.created[0]?.emit('action', {}, 0);
    expect(window.webContents.sentOn('call:notification-action')).toEqual([
      { callId: 'c1', action: 'accept' },
    ]);
    expect(window).toMatchObject({ minimized: false, focused: true });
  });

  it('closes a notification once the call stops ringing', async () => {
    const { electron, invoke } = await setup();
    await invoke('call:notify-incoming', { callId: 'c1', callerName: 'Ada' });
    await expect(invoke('call:dismiss-incoming', 'c1')).resolves.toEqual({ ok: true, data: null });
    expect(electron.Notification.created[0]?.closed).toBe(true);
  });

  it('remembers where the window was and opens the next one there while that display exists', async () => {
    const { electron, backing, open } = await setup();
    const window = open();
    window.bounds = { x: 50, y: 60, width: 1000, height: 700 };
    window.close();
    expect(backing.get('windowBounds')).toEqual({ x: 50, y: 60, width: 1000, height: 700 });
    expect(open().options).toMatchObject({ x: 50, y: 60, width: 1000, height: 700 });

    const elsewhere = { x: 3000, y: 0, width: 1280, height: 1024 };
    electron.screen.displays = [{ id: 2, bounds: elsewhere, workArea: elsewhere }];
    expect(open().options).toMatchObject({ width: 1280, height: 800 });
    expect(electron.BrowserWindow.created.at(-1)?.options.x).toBeUndefined();
  });

  it('keeps the last bounds when the window closes minimised', async () => {
    const { backing, open } = await setup({ windowBounds: { x: 50, y: 60, width: 1000, height: 700 } });
    const window = open();
    window.minimized = true;
    window.bounds = { x: -32000, y: -32000, width: 160, height: 28 };
    window.close();
    expect(backing.get('windowBounds')).toEqual({ x: 50, y: 60, width: 1000, height: 700 });
  });

  it('installs the menu, whose Open logs opens the log folder', async () => {
    const { electron } = await setup();
    expect(electron.Menu.applicationMenu?.click('Open logs')).toBe(true);
    expect(electron.shell.openPath).toHaveBeenCalledWith('/logs');
  });

  it('takes the tray, the shortcut, the notifications and its handlers down on dispose', async () => {
    const { electron, invoke, channels, desktop } = await setup();
    expect(channels()).toEqual([
      'app:set-language',
      'call:dismiss-incoming',
      'call:notify-incoming',
      'call:set-status',
      'desktop:get-settings',
      'desktop:set-close-to-tray',
      'desktop:set-mute-shortcut',
      'desktop:set-open-at-login',
      'log:renderer-error',
    ]);
    await invoke('call:notify-incoming', { callId: 'c1', callerName: 'Ada' });
    await invoke('call:set-status', status({ inCall: true, sharing: false, muted: false }));
    await desktop.dispose();
    expect(channels()).toEqual([]);
    expect(electron.Tray.created[0]?.destroyed).toBe(true);
    expect(electron.globalShortcut.registered.size).toBe(0);
    expect(electron.Notification.created[0]?.closed).toBe(true);
  });
});
