/**
 * Everything that ties the app to the desktop rather than to a call (links are deep-links.ts, enabled
 * earlier): the application menu with "Open logs", the tray with the call status, closing to the tray,
 * the question before quitting mid-call, incoming-call notifications, the global mute shortcut, the
 * desktop settings, the text-field context menu, renderer errors in the log, main's words in the user's
 * language, and the window bounds remembered between runs. Each piece is its own file; this module wires
 * them to Electron, to the IPC channels and to the events main sends, and undoes it on dispose. Enable it
 * after `app.whenReady()`: trays, menus and global shortcuts cannot exist before.
 */
import type { Logger } from 'pino';
import { ok } from '../../../common/result';
import type { AppLike, AppShellLike, Rectangle, ScreenLike } from '../electron-api/app';
import type {
  AppQuitLike,
  DialogLike,
  GlobalShortcutLike,
  LoginItemsLike,
  MenuModuleLike,
  NotificationClass,
  ShellPathLike,
  TrayLike,
} from '../electron-api/desktop';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import type { SettingsStore } from '../settings';
import type { MainWindows } from '../window';
import { appMenuTemplate } from './app-menu';
import { createCallStatusDisplay } from './call-status';
import { closeToTray } from './close-to-tray';
import { contextMenuTemplate } from './context-menu';
import { desktopSettingsHandlers } from './desktop-settings';
import { createMuteShortcut } from './mute-shortcut';
import { createCallNotifications } from './notifications';
import { createQuitGuard } from './quit-guard';
import { createRendererLog } from './renderer-log';
import { createMainLanguage } from './strings';
import { visibleBounds } from './window-bounds';

export interface DesktopModuleOptions {
  registry: IpcRegistry;
  app: Pick<AppLike, 'quit'> & AppQuitLike & LoginItemsLike & Pick<AppShellLike, 'getLocale'>;
  Menu: MenuModuleLike;
  Tray: new (image: string) => TrayLike;
  Notification: NotificationClass;
  globalShortcut: GlobalShortcutLike;
  dialog: DialogLike;
  screen: ScreenLike;
  shell: ShellPathLike;
  settings: Pick<SettingsStore, 'get' | 'set'>;
  windows: Pick<MainWindows, 'list' | 'send' | 'onOpened' | 'focusNewest'>;
  platform: string;
  /** Development builds keep Reload and the devtools in the menu. */
  dev: boolean;
  paths: { trayIcon: string; logs: string };
  /** Milliseconds, for the renderer-error rate bound (Date.now in the app). */
  now: () => number;
  logger: Logger;
}

export interface Desktop {
  /** Saved bounds when they are still on a screen; for the next window the app opens. */
  initialBounds(): Rectangle | null;
  /** Whether the renderer last reported a call (updates never restart the app during one). */
  inCall(): boolean;
  dispose(): void;
}

export function desktopModule(options: DesktopModuleOptions): AppModule<Desktop> {
  const { registry, app, settings, windows, Menu, shell } = options;
  return {
    name: 'desktop',
    enable() {
      const log = options.logger.child({ name: 'main:desktop' });
      const language = createMainLanguage(app.getLocale());
      const strings = () => language.strings();
      const installMenu = (): void =>
        Menu.setApplicationMenu(
          Menu.buildFromTemplate(
            appMenuTemplate({
              platform: options.platform,
              dev: options.dev,
              words: strings(),
              openLogs: () => {
                void shell.openPath(options.paths.logs).then((problem) => {
                  if (problem) log.warn({ problem }, 'could not open the log folder');
                });
              },
            }),
          ),
        );
      installMenu();

      const callStatus = createCallStatusDisplay({
        Tray: options.Tray,
        Menu,
        iconPath: options.paths.trayIcon,
        windows: () => windows.list(),
        strings,
        act: (action) => windows.send('tray:action', action),
        open: () => windows.focusNewest(),
        quit: () => app.quit(),
      });
      const quitGuard = createQuitGuard({ app, dialog: options.dialog, status: callStatus.current, strings });
      const stopLanguage = language.onChanged(() => {
        installMenu();
        callStatus.refresh();
      });
      const notifications = createCallNotifications({
        Notification: options.Notification,
        strings,
        onAction: (action) => windows.send('call:notification-action', action),
        focusWindow: () => windows.focusNewest(),
      });
      const muteShortcut = createMuteShortcut({
        globalShortcut: options.globalShortcut,
        onPress: () => windows.send('tray:action', 'toggle-mute'),
      });
      /**
       * The global mute shortcut is held only during a call: the rest of the time its keys stay with
       * the other apps. Taken keys are logged; the call goes on without the shortcut.
       */
      const holdMuteShortcut = (inCall: boolean): void => {
        if (!inCall) {
          muteShortcut.dispose();
          return;
        }
        if (muteShortcut.current() !== null) return;
        const shortcut = muteShortcut.set(settings.get('muteShortcut'));
        if (!shortcut.ok) log.warn({ reason: shortcut.error.message }, 'mute shortcut not registered');
      };

      const stopWatching = windows.onOpened((window) => {
        window.on('close', () => {
          // A minimised window's bounds are not where the user put it (Windows reports -32000, -32000).
          if (!window.isMinimized()) settings.set('windowBounds', window.getBounds());
        });
        closeToTray(window, {
          settings,
          Notification: options.Notification,
          platform: options.platform,
          quitting: quitGuard.quitting,
          quit: () => app.quit(),
          strings,
          show: () => windows.focusNewest(),
        });
        window.webContents.on('context-menu', (_event, params) => {
          const template = contextMenuTemplate(params, strings());
          if (template.length > 0) Menu.buildFromTemplate(template).popup();
        });
      });
      const rendererLog = createRendererLog({ logger: options.logger, now: options.now });
      const removeHandlers = registry.handle({
        'call:set-status': (status) => {
          callStatus.update(status);
          holdMuteShortcut(status.inCall);
          return ok(null);
        },
        'call:notify-incoming': (call) => notifications.notify(call),
        'call:dismiss-incoming': (callId) => notifications.dismiss(callId),
        'app:set-language': (locale) => {
          language.set(locale);
          return ok(null);
        },
        'log:renderer-error': rendererLog,
        ...desktopSettingsHandlers({
          settings,
          loginItems: app,
          globalShortcut: options.globalShortcut,
          muteShortcut,
          platform: options.platform,
        }),
      });

      return {
        initialBounds: () => visibleBounds(settings.get('windowBounds'), options.screen.getAllDisplays()),
        inCall: () => callStatus.current().inCall,
        dispose() {
          removeHandlers();
          stopWatching();
          stopLanguage();
          quitGuard.dispose();
          muteShortcut.dispose();
          notifications.dispose();
          callStatus.dispose();
        },
      };
    },
  };
}
