/**
 * Everything that ties the app to the desktop rather than to a call (links are deep-links.ts, enabled
 * earlier): the `nearcast` protocol registration, the tray with the call status,
 * incoming-call notifications, the global mute shortcut, the application menu with "Open logs", and the
 * window bounds remembered between runs. Each piece is its own module; this one wires them to Electron
 * events and to the main → renderer events, and undoes it on dispose.
 */
import type { Logger } from 'pino';
import type {
  AppLike,
  AppShellLike,
  BrowserWindowLike,
  GlobalShortcutLike,
  MenuModuleLike,
  NotificationClass,
  ScreenLike,
  ShellPathLike,
  TrayLike,
} from '../electron-api';
import type { WindowEvents } from '../window-events';
import { appMenuTemplate } from './app-menu';
import { createCallStatusDisplay, type CallStatusDisplay } from './call-status';
import { DEEP_LINK_PROTOCOL } from './deep-link';
import { focusNewest } from './deep-links';
import { createMuteShortcut, type MuteShortcut } from './mute-shortcut';
import { createCallNotifications, type CallNotifications } from './notifications';
import { visibleBounds, type SettingsStore } from './settings';

export interface DesktopIntegrationOptions {
  app: Pick<AppLike, 'quit'> & Pick<AppShellLike, 'setAsDefaultProtocolClient'>;
  Menu: MenuModuleLike;
  Tray: new (image: string) => TrayLike;
  Notification: NotificationClass;
  globalShortcut: GlobalShortcutLike;
  screen: ScreenLike;
  shell: ShellPathLike;
  settings: SettingsStore;
  events: WindowEvents;
  /** Our open main windows, newest last. */
  windows: () => readonly BrowserWindowLike[];
  platform: string;
  dev: boolean;
  paths: { trayIcon: string; logs: string };
  logger: Logger;
}

export interface DesktopIntegration {
  callStatus: CallStatusDisplay;
  notifications: CallNotifications;
  muteShortcut: MuteShortcut;
  /** Saved bounds when they are still on a screen; pass to the window factory. */
  initialBounds(): ReturnType<typeof visibleBounds>;
  /** Hooks a new main window: its bounds are saved when it closes. */
  attachWindow(window: BrowserWindowLike): void;
  dispose(): void;
}

/** Call after `app.whenReady()`: trays, menus and global shortcuts cannot exist before. */
export function enableDesktopIntegration(options: DesktopIntegrationOptions): DesktopIntegration {
  const { app, events, settings, Menu, shell } = options;
  const log = options.logger.child({ name: 'main:desktop' });

  if (!options.dev) app.setAsDefaultProtocolClient(DEEP_LINK_PROTOCOL);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: options.platform,
        dev: options.dev,
        openLogs: () => {
          void shell.openPath(options.paths.logs).then((problem) => {
            if (problem) log.warn({ problem }, 'could not open the log folder');
          });
        },
      }),
    ),
  );

  const callStatus = createCallStatusDisplay({
    Tray: options.Tray,
    Menu,
    iconPath: options.paths.trayIcon,
    windows: options.windows,
    onAction: (action) => events.send('tray:action', action),
    quit: () => app.quit(),
  });
  const notifications = createCallNotifications({
    Notification: options.Notification,
    onAction: (action) => events.send('call:notification-action', action),
    focusWindow: () => focusNewest(options.windows()),
  });
  const muteShortcut = createMuteShortcut({
    globalShortcut: options.globalShortcut,
    onPress: () => events.send('tray:action', 'toggle-mute'),
  });
  const shortcut = muteShortcut.set(settings.get('muteShortcut'));
  if (!shortcut.ok) log.warn({ reason: shortcut.error.message }, 'mute shortcut not registered');

  return {
    callStatus,
    notifications,
    muteShortcut,
    initialBounds: () => visibleBounds(settings.get('windowBounds'), options.screen.getAllDisplays()),
    attachWindow(window) {
      window.on('close', () => {
        if (!window.isMinimized()) settings.set('windowBounds', window.getBounds());
      });
    },
    dispose() {
      muteShortcut.dispose();
      notifications.dispose();
      callStatus.dispose();
    },
  };
}
