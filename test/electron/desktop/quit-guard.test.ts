import { describe, expect, it } from 'vitest';
import { FakeEvent } from '../../fakes/electron';
import { setupDesktop, status } from '../support/desktop';

/** Lets the dialog's answer reach the guard. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('quitting mid-call or mid-transfer', () => {
  it('asks "You are in a call with Ada. Quit anyway?" and stays on Cancel', async () => {
    const { electron, invoke, open } = await setupDesktop();
    const window = open();
    await invoke('call:set-status', status({ inCall: true, peers: ['Ada'] }));
    electron.Tray.created[0]?.menu?.click('Quit Nearcast');
    expect(electron.dialog.asked).toEqual([
      expect.objectContaining({
        message: 'You are in a call with Ada. Quit anyway?',
        buttons: ['Quit', 'Cancel'],
        cancelId: 1,
      }),
    ]);
    electron.dialog.answer(1);
    await settle();
    expect(electron.app.hasQuit).toBe(false);
    expect(window.webContents.isDestroyed()).toBe(false);
  });

  it('quits on Quit, without asking a second time', async () => {
    const { electron, invoke, open } = await setupDesktop();
    const window = open();
    await invoke('call:set-status', status({ inCall: true, peers: ['Ada', 'Bob'] }));
    electron.app.quit();
    electron.dialog.answer(0);
    await settle();
    expect(electron.dialog.asked).toHaveLength(1);
    expect(window.webContents.isDestroyed()).toBe(true);
    expect(electron.app.hasQuit).toBe(true);
  });

  it('asks about files still moving, and holds the OS quit (before-quit) while it asks', async () => {
    const { electron, invoke } = await setupDesktop();
    await invoke('call:set-status', status({ transfers: 2 }));
    const event = new FakeEvent();
    electron.app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    expect(electron.dialog.asked[0]?.message).toBe('2 files are still being transferred. Quit anyway?');
  });

  it('asks the application menu’s Quit too (a role item, which goes through before-quit)', async () => {
    const { electron, invoke } = await setupDesktop();
    await invoke('call:set-status', status({ inCall: true, peers: ['Ada'] }));
    electron.app.emit('before-quit', new FakeEvent());
    electron.app.emit('before-quit', new FakeEvent());
    expect(electron.dialog.asked).toHaveLength(1);
  });

  it('quits without a question when idle', async () => {
    const { electron, invoke } = await setupDesktop();
    await invoke('call:set-status', status({ inCall: false }));
    electron.app.quit();
    expect(electron.dialog.asked).toHaveLength(0);
    expect(electron.app.hasQuit).toBe(true);
  });

  it('asks in French once the renderer chose French', async () => {
    const { electron, invoke } = await setupDesktop();
    await invoke('app:set-language', 'fr');
    await invoke('call:set-status', status({ inCall: true, peers: ['Ada'] }));
    electron.app.quit();
    expect(electron.dialog.asked[0]).toMatchObject({
      message: 'Vous êtes en appel avec Ada. Quitter quand même ?',
      buttons: ['Quitter', 'Annuler'],
    });
  });
});
