import { describe, expect, it } from 'vitest';
import { setupDesktop, status } from '../support/desktop';

describe('closing the window to the tray', () => {
  it('hides the window instead of closing it, so the page keeps listening for calls', async () => {
    const { electron, open } = await setupDesktop();
    const window = open();
    window.show();
    expect(window.close()).toBe(false);
    expect(window.visible).toBe(false);
    expect(window.webContents.isDestroyed()).toBe(false);
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('says once, in a notification, that Nearcast keeps running; clicking it shows the window', async () => {
    const { electron, open, backing } = await setupDesktop();
    const window = open();
    window.close();
    window.close();
    expect(electron.Notification.created).toHaveLength(1);
    const [hint] = electron.Notification.created;
    expect(hint?.options.title).toBe('Nearcast is still running');
    expect(backing.get('trayHintShown')).toBe(true);
    hint?.emit('click');
    expect(window.visible).toBe(true);
  });

  it('shows no hint on macOS, where staying in the Dock is the convention', async () => {
    const { electron, open } = await setupDesktop({}, undefined, 'darwin');
    expect(open().close()).toBe(false);
    expect(electron.Notification.created).toHaveLength(0);
  });

  it('opens the window again from the tray menu', async () => {
    const { electron, open } = await setupDesktop();
    const window = open();
    window.close();
    electron.Tray.created[0]?.menu?.click('Open Nearcast');
    expect(window).toMatchObject({ visible: true, focused: true });
  });

  it('shows the window on a click on the tray icon', async () => {
    const { electron, open } = await setupDesktop();
    const window = open();
    window.close();
    electron.Tray.created[0]?.emit('click');
    expect(window.visible).toBe(true);
  });

  it('rings while hidden: answering from the notification shows the window', async () => {
    const { electron, open, invoke } = await setupDesktop();
    const window = open();
    window.close();
    await invoke('call:notify-incoming', { callId: 'c1', callerName: 'Ada' });
    electron.Notification.created.at(-1)?.emit('action', {}, 0);
    expect(window.webContents.sentOn('call:notification-action')).toEqual([
      { callId: 'c1', action: 'accept' },
    ]);
    expect(window).toMatchObject({ visible: true, focused: true });
  });

  it("quits for real from the tray's Quit: the window closes", async () => {
    const { electron, open } = await setupDesktop();
    const window = open();
    electron.Tray.created[0]?.menu?.click('Quit Nearcast');
    expect(window.webContents.isDestroyed()).toBe(true);
    expect(electron.app.hasQuit).toBe(true);
  });

  it('quits on closing the window when "Closing the window keeps Nearcast running" is off', async () => {
    const { electron, open } = await setupDesktop({ closeToTray: false });
    const window = open();
    window.close();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(window.webContents.isDestroyed()).toBe(true);
  });

  it('with the setting off mid-call, asks before closing the window and keeps it on Cancel', async () => {
    const { electron, open, invoke } = await setupDesktop({ closeToTray: false });
    const window = open();
    await invoke('call:set-status', status({ inCall: true, peers: ['Ada'] }));
    expect(window.close()).toBe(false);
    expect(electron.dialog.asked).toHaveLength(1);
    electron.dialog.answer(1);
    await Promise.resolve();
    expect(window.webContents.isDestroyed()).toBe(false);
  });
});
