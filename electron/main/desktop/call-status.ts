/**
 * Shows the renderer's call state outside the window: a tray icon whose tooltip, title and menu follow
 * it, and a window-title prefix while the screen is shared, so the user always knows they are sharing
 * even with the window hidden behind others. The renderer pushes state (`setCallStatus`); tray clicks
 * go back as actions (`onTrayAction`). Main never decides call state itself.
 */
import type { CallStatus, TrayAction } from '../../../common/ipc';
import type { MenuModuleLike, MenuTemplate, TrayLike } from '../electron-api/desktop';

export const APP_TITLE = 'Nearcast';
export const SHARING_TITLE_PREFIX = '● Sharing your screen — ';

export const IDLE: CallStatus = { inCall: false, sharing: false, muted: false };

/** One sentence for the tray tooltip (and screen readers that read it). */
export function statusText(status: CallStatus): string {
  if (!status.inCall) return `${APP_TITLE}: not in a call`;
  const parts = ['in a call'];
  if (status.sharing) parts.push('sharing your screen');
  parts.push(status.muted ? 'muted' : 'microphone on');
  return `${APP_TITLE}: ${parts.join(', ')}`;
}

export function windowTitle(status: CallStatus): string {
  return status.sharing ? `${SHARING_TITLE_PREFIX}${APP_TITLE}` : APP_TITLE;
}

export function trayMenuTemplate(
  status: CallStatus,
  act: (action: TrayAction) => void,
  quit: () => void,
): MenuTemplate {
  return [
    { label: statusText(status), enabled: false },
    { type: 'separator' },
    { label: status.muted ? 'Unmute' : 'Mute', enabled: status.inCall, click: () => act('toggle-mute') },
    { label: 'Stop sharing', enabled: status.sharing, click: () => act('stop-sharing') },
    { type: 'separator' },
    { label: 'Quit Nearcast', click: quit },
  ];
}

export interface CallStatusOptions {
  Tray: new (image: string) => TrayLike;
  Menu: Pick<MenuModuleLike, 'buildFromTemplate'>;
  iconPath: string;
  /** Our main windows, read on every update. */
  windows: () => Iterable<{ setTitle(title: string): void }>;
  onAction: (action: TrayAction) => void;
  quit: () => void;
}

export interface CallStatusDisplay {
  update(status: CallStatus): void;
  current(): CallStatus;
  dispose(): void;
}

export function createCallStatusDisplay(options: CallStatusOptions): CallStatusDisplay {
  const tray = new options.Tray(options.iconPath);
  let status = IDLE;

  function render(): void {
    tray.setToolTip(statusText(status));
    // macOS shows the title next to the icon; other systems ignore it.
    tray.setTitle(status.sharing ? 'Sharing' : '');
    tray.setContextMenu(
      options.Menu.buildFromTemplate(trayMenuTemplate(status, options.onAction, options.quit)),
    );
    for (const window of options.windows()) window.setTitle(windowTitle(status));
  }
  render();

  return {
    update(next) {
      status = { ...next };
      render();
    },
    current: () => status,
    dispose() {
      tray.destroy();
    },
  };
}
