/**
 * Shows the renderer's call state outside the window: a tray icon whose tooltip, title and menu follow
 * it, and a window-title prefix while the screen is shared, so the user always knows they are sharing
 * even with the window hidden behind others or closed to the tray. The renderer pushes state
 * (`setCallStatus`); tray clicks go back as actions (`onTrayAction`). Main never decides call state
 * itself. The tray menu also opens the window (it may be closed to the tray) and quits for real.
 */
import type { CallStatus, TrayAction } from '../../../common/ipc';
import type { MenuModuleLike, MenuTemplate, TrayLike } from '../electron-api/desktop';
import { stringsFor, type MainStrings } from './strings';

export const APP_TITLE = 'Nearcast';

export const IDLE: CallStatus = { inCall: false, sharing: false, muted: false, peers: [], transfers: 0 };

/** One sentence for the tray tooltip (and screen readers that read it). */
export function statusText(status: CallStatus, words: MainStrings = stringsFor('en')): string {
  if (!status.inCall) return words.notInCall;
  const parts = [words.inCall];
  if (status.sharing) parts.push(words.sharingScreen);
  parts.push(status.muted ? words.muted : words.micOn);
  return words.statusLine(parts.join(', '));
}

export function windowTitle(status: CallStatus, words: MainStrings = stringsFor('en')): string {
  return status.sharing ? `${words.sharingWindowPrefix}${APP_TITLE}` : APP_TITLE;
}

export interface TrayMenuActions {
  act: (action: TrayAction) => void;
  open: () => void;
  quit: () => void;
}

export function trayMenuTemplate(
  status: CallStatus,
  { act, open, quit }: TrayMenuActions,
  words: MainStrings = stringsFor('en'),
): MenuTemplate {
  return [
    { label: statusText(status, words), enabled: false },
    { type: 'separator' },
    { label: words.openApp, click: open },
    {
      label: status.muted ? words.unmute : words.mute,
      enabled: status.inCall,
      click: () => act('toggle-mute'),
    },
    { label: words.stopSharing, enabled: status.sharing, click: () => act('stop-sharing') },
    { type: 'separator' },
    { label: words.quit, click: quit },
  ];
}

export interface CallStatusOptions extends TrayMenuActions {
  Tray: new (image: string) => TrayLike;
  Menu: Pick<MenuModuleLike, 'buildFromTemplate'>;
  iconPath: string;
  /** Our main windows, read on every update. */
  windows: () => Iterable<{ setTitle(title: string): void }>;
  /** The current language's words, read on every render. */
  strings?: () => MainStrings;
}

export interface CallStatusDisplay {
  update(status: CallStatus): void;
  current(): CallStatus;
  /** Renders again in the current language. */
  refresh(): void;
  dispose(): void;
}

export function createCallStatusDisplay(options: CallStatusOptions): CallStatusDisplay {
  const tray = new options.Tray(options.iconPath);
  // Where the icon takes clicks, one opens the window, as people expect of a tray icon.
  tray.on('click', options.open);
  const strings = options.strings ?? (() => stringsFor('en'));
  let status = IDLE;

  function render(): void {
    const words = strings();
    tray.setToolTip(statusText(status, words));
    // macOS shows the title next to the icon; other systems ignore it.
    tray.setTitle(status.sharing ? words.sharingTitle : '');
    tray.setContextMenu(options.Menu.buildFromTemplate(trayMenuTemplate(status, options, words)));
    for (const window of options.windows()) window.setTitle(windowTitle(status, words));
  }
  render();

  return {
    update(next) {
      status = { ...next, peers: [...next.peers] };
      render();
    },
    current: () => status,
    refresh: render,
    dispose() {
      tray.destroy();
    },
  };
}
