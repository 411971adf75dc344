import { describe, expect, it, vi } from 'vitest';
import type { CallStatus, TrayAction } from '../../../common/ipc';
import { createCallStatusDisplay } from '../../../electron/main/desktop/call-status';
import { stringsFor } from '../../../electron/main/desktop/strings';
import { createFakeElectron } from '../../fakes/electron';

function setup() {
  const electron = createFakeElectron();
  const window = new electron.BrowserWindow({ title: 'Nearcast' });
  const actions: TrayAction[] = [];
  const quit = vi.fn();
  const open = vi.fn();
  let words = stringsFor('en');
  const display = createCallStatusDisplay({
    Tray: electron.Tray,
    Menu: electron.Menu,
    iconPath: '/icon.png',
    windows: () => [window],
    strings: () => words,
    act: (action) => actions.push(action),
    open,
    quit,
  });
  const tray = electron.Tray.created[0];
  if (!tray) throw new Error('no tray');
  const speak = (locale: 'en' | 'fr') => {
    words = stringsFor(locale);
    display.refresh();
  };
  return { display, tray, window, actions, quit, open, speak };
}

const call = (over: Partial<CallStatus>): CallStatus => ({
  inCall: true,
  sharing: false,
  muted: false,
  peers: [],
  transfers: 0,
  ...over,
});

describe('call status in the tray and the window title', () => {
  it('starts idle: tooltip says so, only Quit does anything', () => {
    const { tray, window, quit } = setup();
    expect(tray.image).toBe('/icon.png');
    expect(tray.toolTip).toBe('Nearcast: not in a call');
    expect(window.title).toBe('Nearcast');
    expect(tray.menu?.template.find((item) => item.label === 'Mute')?.enabled).toBe(false);
    expect(tray.menu?.template.find((item) => item.label === 'Stop sharing')?.enabled).toBe(false);
    tray.menu?.click('Quit Nearcast');
    expect(quit).toHaveBeenCalledOnce();
  });

  it('shows sharing in the tooltip, tray title and window title, and offers stop sharing and unmute', () => {
    const { display, tray, window, actions } = setup();
    display.update(call({ sharing: true, muted: true }));
    expect(tray.toolTip).toBe('Nearcast: in a call, sharing your screen, muted');
    expect(tray.title).toBe('Sharing');
    expect(window.title).toBe('● Sharing your screen — Nearcast');
    tray.menu?.click('Unmute');
    tray.menu?.click('Stop sharing');
    expect(actions).toEqual(['toggle-mute', 'stop-sharing']);

    display.update(call({}));
    expect(window.title).toBe('Nearcast');
    expect(tray.title).toBe('');
    expect(tray.menu?.template.some((item) => item.label === 'Mute')).toBe(true);
  });

  it('opens the window from the tray menu, which it may have been closed to', () => {
    const { tray, open } = setup();
    expect(tray.menu?.click('Open Nearcast')).toBe(true);
    expect(open).toHaveBeenCalledOnce();
  });

  it("speaks the user's language in the tooltip, the menu and the window title", () => {
    const { display, tray, window, speak } = setup();
    display.update(call({ sharing: true, muted: true }));
    speak('fr');
    expect(tray.toolTip).toBe('Nearcast : en appel, écran partagé, micro coupé');
    expect(tray.menu?.labels()).toContain('Rétablir le micro');
    expect(tray.menu?.labels()).toContain('Quitter Nearcast');
    expect(window.title).toBe('● Partage de votre écran — Nearcast');
  });

  it('removes the tray on dispose', () => {
    const { display, tray } = setup();
    display.dispose();
    expect(tray.destroyed).toBe(true);
  });
});
