/**
 * The app's wiring, kept apart from index.ts so a test can run all of it against the fake electron
 * module: take the single-instance lock, enable the feature modules in order (deep links first, then,
 * once Electron is ready, the embedded server, the security rules and the features with their IPC
 * handlers), open the window, and on quit dispose the modules newest first.
 *
 * Each module gets exactly what it uses, from here; none imports Electron or reads the environment.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { contentSecurityPolicy } from '../../common/csp';
import { CodedError } from '../../common/result';
import { unitCode } from '../../common/unit-code';
import { APP_SCHEME_PRIVILEGES } from './app-origin';
import { appProtocolModule } from './app-protocol';
import { overlayModule } from './annotations/overlay-module';
import type { DisplaysLike, OverlayWindowClass } from './annotations/overlay-window';
import { captureModule } from './capture/capture-module';
import { deepLinksModule } from './desktop/deep-links';
import { desktopModule } from './desktop/desktop-module';
import { downloadsModule } from './downloads/downloads-module';
import type { DownloadsFs } from './downloads/downloads';
import type { AppLike, AppShellLike, BrowserWindowClass, IpcMainLike, ScreenLike } from './electron-api/app';
import type { DesktopCapturerLike } from './electron-api/capture';
import type {
  AppQuitLike,
  DialogLike,
  GlobalShortcutLike,
  LoginItemsLike,
  MenuModuleLike,
  NotificationClass,
  ShellLike,
  ShellPathLike,
  SystemPreferencesLike,
  TrayLike,
} from './electron-api/desktop';
import type { ProtocolModuleLike, SessionModuleLike } from './electron-api/session';
import { embeddedServerModule, type CreateServer, type CreateUnit } from './embedded-server';
import { hostingModule, LAN_HOST } from './hosting/hosting-module';
import type { BonjourLike } from './hosting/lan-discovery';
import { createIpcRegistry } from './ipc-registry';
import { createModuleRunner } from './module-runner';
import { securityModule } from './security/rules';
import { trustedSenderCheck } from './security/trust';
import { createServerChoice } from './server-choice/server-choice';
import { serverChoiceModule } from './server-choice/server-choice-module';
import { createSettings, type KeyValueStore } from './settings';
import { updatesModule } from './updates/updates-module';
import type { AutoUpdaterLike } from './updates/updater';
import { createMainWindows } from './window';

/** How long quitting waits for the modules (the server closing its sockets) before leaving anyway. */
export const SHUTDOWN_TIMEOUT_MS = 3_000;

export interface StartAppDeps {
  app: AppLike & AppShellLike & AppQuitLike & LoginItemsLike;
  /** Main windows, and the overlay over a shared display. */
  BrowserWindow: BrowserWindowClass & OverlayWindowClass;
  ipcMain: IpcMainLike;
  session: SessionModuleLike;
  /** Declares the app's scheme privileged; startApp calls it before Electron is ready, as it must be. */
  protocol: ProtocolModuleLike;
  desktopCapturer: DesktopCapturerLike;
  shell: ShellLike & ShellPathLike;
  Menu: MenuModuleLike;
  Tray: new (image: string) => TrayLike;
  Notification: NotificationClass;
  globalShortcut: GlobalShortcutLike;
  dialog: DialogLike;
  screen: ScreenLike & DisplaysLike;
  systemPreferences: SystemPreferencesLike;
  createServer: CreateServer;
  /** Starts the forwarding unit in its worker; absent (tests): every room is a mesh. */
  createUnit?: CreateUnit;
  bonjour: BonjourLike;
  /** electron-updater's `autoUpdater`; its feed is chosen at run time (updates/feeds.ts). */
  autoUpdater: AutoUpdaterLike;
  /** The publisher's public keys (PEM) update channel files must be signed with; none: no updates. */
  updatePublisherKeys: readonly string[];
  /** electron-store in the app; any get/set map in tests. */
  settingsStore: KeyValueStore;
  networkInterfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** URL → PNG data URL. */
  makeQrCode: (url: string) => Promise<string>;
  /** node:fs/promises in the app; received files are written through it. */
  downloadsFs: DownloadsFs;
  logger: Logger;
  /** `process.platform`; decides the macOS convention of staying alive with no window. */
  platform: string;
  /** `process.argv`: a nearcast:// link may be in it. */
  argv: readonly string[];
  /** Where LAN hosting listens (LAN_HOST); tests pass 127.0.0.1 so nothing reaches a real network. */
  lanHost?: string;
  lan: {
    /** mDNS instance name, unique per run. */
    instanceName: string;
    /** What other people see in their LAN hosts list (the computer's name). */
    displayName: string;
  };
  env: {
    /** The electron-vite dev server (`ELECTRON_RENDERER_URL`); absent in a packaged app. */
    rendererUrl?: string;
    /** A Wayland session (XDG_SESSION_TYPE / WAYLAND_DISPLAY): capture goes through the portal. */
    wayland: boolean;
  };
  paths: {
    /** out/preload/index.cjs */
    preload: string;
    /** out/renderer: the built web client, served to the window by the app's scheme and to LAN guests. */
    renderer: string;
    trayIcon: string;
    /** The folder "Open logs" opens. */
    logs: string;
  };
}

export interface RunningApp {
  /** The URL the window loads; its origin is the trusted origin. */
  pageUrl: string;
  signalingUrl: string;
  trustedOrigin: string;
  /** Disposes every module, newest first (the server last); idempotent. */
  shutdown(): Promise<void>;
}

function withTimeout(task: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CodedError('SHUTDOWN_TIMEOUT', `Shutdown took over ${ms} ms.`)), ms);
  });
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts the app, or returns null when another instance already runs: that one gets our command line
 * (and its link) through 'second-instance', and this one quits before opening anything. Rejects when a
 * module cannot be enabled, after disposing those that were.
 */
export async function startApp(deps: StartAppDeps): Promise<RunningApp | null> {
  const { app, logger, paths } = deps;
  const session = deps.session.defaultSession;
  const log = logger.child({ name: 'main:app' });

  if (!app.requestSingleInstanceLock()) {
    log.info('another instance is running; handing over to it');
    app.quit();
    return null;
  }
  // Synchronously, before the first await: Electron accepts privileged schemes only before 'ready'.
  deps.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  const dev = Boolean(deps.env.rendererUrl);
  const settings = createSettings(deps.settingsStore);
  const windows = createMainWindows({
    BrowserWindow: deps.BrowserWindow,
    preloadPath: paths.preload,
    logger,
  });
  const modules = createModuleRunner(logger);

  // Before whenReady: macOS sends 'open-url' for the link that launched the app that early.
  await modules.enable(deepLinksModule({ app, windows, argv: deps.argv, dev, logger }));
  await app.whenReady();

  const embedded = await modules.enable(
    embeddedServerModule({
      createServer: deps.createServer,
      createUnit: deps.createUnit,
      staticDir: paths.renderer,
      rendererUrl: deps.env.rendererUrl,
      logger,
    }),
  );
  const { trustedOrigin } = embedded;
  const serverChoice = createServerChoice({ settings, embeddedUrl: embedded.url, logger });
  if (!dev) {
    await modules.enable(
      appProtocolModule({
        protocol: session.protocol,
        rootDir: paths.renderer,
        policy: () =>
          contentSecurityPolicy({
            signalingOrigin: embedded.signalingOrigin,
            remoteOrigin: serverChoice.remoteOrigin(),
          }),
        logger,
      }),
    );
  }
  await modules.enable(
    securityModule({
      app,
      session,
      shell: deps.shell,
      trustedOrigin,
      signalingOrigin: embedded.signalingOrigin,
      remoteOrigin: () => serverChoice.remoteOrigin(),
      dev,
      logger,
    }),
  );

  const registry = createIpcRegistry({
    ipcMain: deps.ipcMain,
    isTrustedSender: trustedSenderCheck(trustedOrigin, (sender) => windows.isOurs(sender)),
    logger,
  });
  await modules.enable(serverChoiceModule({ registry, choice: serverChoice }));
  const { overlay } = await modules.enable(
    overlayModule({
      registry,
      windows,
      BrowserWindow: deps.BrowserWindow,
      screen: deps.screen,
      preloadPath: paths.preload,
      url: new URL('overlay.html', embedded.pageUrl).href,
      platform: deps.platform,
      logger,
    }),
  );
  await modules.enable(
    captureModule({
      registry,
      session,
      desktopCapturer: deps.desktopCapturer,
      shell: deps.shell,
      systemPreferences: deps.systemPreferences,
      platform: deps.platform,
      wayland: deps.env.wayland,
      trustedOrigin,
      onGranted: (source) => overlay.granted(source.id.startsWith('screen:') ? source.display_id : null),
      logger,
    }),
  );
  const lan = await modules.enable(
    hostingModule({
      registry,
      events: windows,
      server: embedded.server,
      unitCode: embedded.unitFingerprint === null ? null : unitCode(embedded.unitFingerprint),
      certificateDir: join(app.getPath('userData'), 'hosting'),
      bonjour: deps.bonjour,
      lan: deps.lan,
      version: app.getVersion(),
      listenHost: deps.lanHost ?? LAN_HOST,
      settings,
      networkInterfaces: deps.networkInterfaces,
      makeQrCode: deps.makeQrCode,
      logger,
    }),
  );
  await modules.enable(
    downloadsModule({
      registry,
      fs: deps.downloadsFs,
      downloadsDir: () => app.getPath('downloads'),
      showItemInFolder: (path) => deps.shell.showItemInFolder(path),
      logger,
    }),
  );
  const desktop = await modules.enable(
    desktopModule({
      registry,
      app,
      Menu: deps.Menu,
      Tray: deps.Tray,
      Notification: deps.Notification,
      globalShortcut: deps.globalShortcut,
      dialog: deps.dialog,
      screen: deps.screen,
      shell: deps.shell,
      settings,
      windows,
      platform: deps.platform,
      dev,
      paths,
      now: () => Date.now(),
      logger,
    }),
  );

  await modules.enable(
    updatesModule({
      registry,
      events: windows,
      autoUpdater: deps.autoUpdater,
      publisherKeys: deps.updatePublisherKeys,
      version: app.getVersion(),
      remoteOrigin: () => serverChoice.remoteOrigin(),
      lan,
      inCall: () => desktop.inCall(),
      logger,
    }),
  );

  const openWindow = (): void => void windows.open(embedded.pageUrl, desktop.initialBounds());
  openWindow();
  // Closing to the tray hides the window; it only closes for real when quitting or with the setting off.
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  // The Dock icon shows the window closed to the tray, or opens a new one.
  app.on('activate', () => {
    if (windows.list().length === 0) openWindow();
    else windows.focusNewest();
  });

  let stopping: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (stopping ??= modules.dispose().then((failures) => {
      if (failures.length > 0) {
        log.warn({ modules: failures.map((failure) => failure.module) }, 'some modules did not dispose');
      }
    }));

  // Electron does not wait for async work in quit events: hold the quit, close, then quit for real.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void withTimeout(shutdown(), SHUTDOWN_TIMEOUT_MS)
      .catch((error: unknown) => log.error({ err: error }, 'shutdown did not complete'))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  return { pageUrl: embedded.pageUrl, signalingUrl: embedded.url, trustedOrigin, shutdown };
}
