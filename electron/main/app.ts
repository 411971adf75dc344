/**
 * The app's wiring, kept apart from index.ts so a test can run all of it against the fake electron
 * module: start the embedded signaling server, derive the one trusted origin from the URL the window
 * will load, turn on the security rules, register IPC, open the window, and tear it all down on quit.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { Logger } from 'pino';
import { CodedError } from '../../common/result';
import { createCaptureEnvironment } from './capture-environment';
import { enableDeepLinks } from './desktop/deep-links';
import { enableDesktopIntegration } from './desktop/integration';
import { createSettings, type KeyValueStore } from './desktop/settings';
import { createDisplayMedia } from './display-media';
import { createDownloads, type DownloadsFs } from './downloads';
import type {
  AppLike,
  AppShellLike,
  BrowserWindowClass,
  BrowserWindowLike,
  DesktopCapturerLike,
  GlobalShortcutLike,
  IpcMainLike,
  MenuModuleLike,
  NotificationClass,
  ScreenLike,
  SessionModuleLike,
  ShellLike,
  ShellPathLike,
  SystemPreferencesLike,
  TrayLike,
  WindowContentsLike,
} from './electron-api';
import { registerFeatureHandlers } from './feature-handlers';
import { createHosting, lanGatewayOf, type GatewayServer } from './hosting';
import { registerIpcHandlers } from './ipc-handlers';
import { createServerChoice } from './server-choice';
import { createIpcRegistry } from './ipc-registry';
import { createLanDiscovery, type BonjourLike } from './lan-discovery';
import { enableSecurityRules } from './security/rules';
import { originOf, trustedSenderCheck } from './trust';
import { createMainWindow } from './window';
import { createWindowEvents } from './window-events';

/**
 * Loopback only: the app's own window talks to the embedded server here, always. LAN guests come in
 * through hosting.ts's second listener on LAN_HOST, only while the user hosts.
 */
export const EMBEDDED_SERVER_HOST = '127.0.0.1';
export const LAN_HOST = '0.0.0.0';
/** How long quitting waits for the server to close its sockets before leaving anyway. */
export const SHUTDOWN_TIMEOUT_MS = 3_000;

/** The slice of server/src/signaling-server the shell uses; the real factory fits it structurally. */
export interface EmbeddedServer extends GatewayServer {
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
}

export type CreateServer = (options: {
  host: string;
  port: number;
  staticDir: string | null;
  logger: Logger;
}) => EmbeddedServer;

export interface StartAppDeps {
  app: AppLike & AppShellLike;
  BrowserWindow: BrowserWindowClass;
  ipcMain: IpcMainLike;
  session: SessionModuleLike;
  desktopCapturer: DesktopCapturerLike;
  shell: ShellLike & ShellPathLike;
  Menu: MenuModuleLike;
  Tray: new (image: string) => TrayLike;
  Notification: NotificationClass;
  globalShortcut: GlobalShortcutLike;
  screen: ScreenLike;
  systemPreferences: SystemPreferencesLike;
  createServer: CreateServer;
  bonjour: BonjourLike;
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
  /** Where LAN hosting listens; tests pass 127.0.0.1 so nothing reaches a real network. */
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
    /** out/renderer: the built web client the embedded server serves. */
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
  /** Disposes every module and closes the server; idempotent. */
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
 * (and its link) through 'second-instance', and this one quits before opening anything.
 */
export async function startApp(deps: StartAppDeps): Promise<RunningApp | null> {
  const { app, BrowserWindow, ipcMain, desktopCapturer, shell, logger, paths } = deps;
  const session = deps.session.defaultSession;
  const log = logger.child({ name: 'main:app' });

  if (!app.requestSingleInstanceLock()) {
    log.info('another instance is running; handing over to it');
    app.quit();
    return null;
  }
  const dev = Boolean(deps.env.rendererUrl);
  const settings = createSettings(deps.settingsStore);
  const ourContents = new Set<WindowContentsLike>();
  const events = createWindowEvents(() => ourContents);
  const ourWindows: BrowserWindowLike[] = [];
  // Before whenReady: macOS sends 'open-url' for the link that launched the app that early.
  const deepLinks = enableDeepLinks({ app, events, windows: () => ourWindows, argv: deps.argv, logger });

  await app.whenReady();
  const desktop = enableDesktopIntegration({ ...deps, settings, events, windows: () => ourWindows, dev });

  const server = deps.createServer({
    host: EMBEDDED_SERVER_HOST,
    port: 0,
    staticDir: paths.renderer,
    logger,
  });
  const address = await server.listen();
  const pageUrl = deps.env.rendererUrl || address.url;
  const trustedOrigin = originOf(pageUrl);
  const signalingOrigin = originOf(address.url);
  if (!trustedOrigin || !signalingOrigin) {
    await server.close();
    throw new CodedError('BAD_RENDERER_URL', `Cannot derive an origin from ${pageUrl} / ${address.url}.`);
  }
  log.info({ pageUrl, signalingUrl: address.url, dev }, 'embedded server listening');

  const serverChoice = createServerChoice({ settings, embeddedUrl: address.url, logger });
  const security = enableSecurityRules({
    app,
    session,
    shell,
    trustedOrigin,
    signalingOrigin,
    remoteOrigin: () => serverChoice.remoteOrigin(),
    dev,
    logger,
  });
  const captureEnvironment = createCaptureEnvironment({ ...deps, wayland: deps.env.wayland });
  const displayMedia = createDisplayMedia({
    session,
    desktopCapturer,
    trustedOrigin,
    loopbackAudio: captureEnvironment.read().systemAudio,
    logger,
  });
  displayMedia.enable();

  const lan = createLanDiscovery({
    bonjour: deps.bonjour,
    ...deps.lan,
    version: app.getVersion(),
    // The embedded server has no access code yet; the TXT already carries the flag for when it does.
    accessCode: () => false,
    logger,
  });
  const hosting = createHosting({
    gateway: lanGatewayOf(server),
    listenHost: deps.lanHost ?? LAN_HOST,
    defaultPort: () => settings.get('hostingPort') ?? undefined,
    interfaces: deps.networkInterfaces,
    makeQrCode: deps.makeQrCode,
    advertiser: lan.advertiser,
    logger,
  });
  hosting.onChanged((status) => events.send('hosting:changed', status));
  lan.onChanged((hosts) => events.send('lan:hosts-changed', hosts));
  lan.startBrowsing();

  const registry = createIpcRegistry({
    ipcMain,
    isTrustedSender: trustedSenderCheck(trustedOrigin, (sender) =>
      ourContents.has(sender as WindowContentsLike),
    ),
    logger,
  });
  registerIpcHandlers({ registry, desktopCapturer, displayMedia, serverChoice, logger });
  const downloads = createDownloads({
    fs: deps.downloadsFs,
    downloadsDir: () => app.getPath('downloads'),
    showItemInFolder: (path) => shell.showItemInFolder(path),
    logger,
  });
  registerFeatureHandlers({
    registry,
    downloads,
    hosting,
    lan,
    callStatus: desktop.callStatus,
    notifications: desktop.notifications,
    muteShortcut: desktop.muteShortcut,
    settings,
    captureEnvironment,
    displayMedia,
  });

  const openWindow = (): BrowserWindowLike => {
    const window = createMainWindow({
      BrowserWindow,
      preloadPath: paths.preload,
      bounds: desktop.initialBounds(),
    });
    const contents = window.webContents;
    ourContents.add(contents);
    ourWindows.push(window);
    desktop.attachWindow(window);
    deepLinks.attachWindow(window);
    window.on('closed', () => {
      ourContents.delete(contents);
      ourWindows.splice(ourWindows.indexOf(window), 1);
    });
    window
      .loadURL(pageUrl)
      .catch((error: unknown) => log.error({ err: error }, 'the window could not load the app'));
    return window;
  };
  openWindow();

  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  let stopping: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      registry.dispose();
      desktop.dispose();
      deepLinks.dispose();
      displayMedia.dispose();
      security.dispose();
      // LAN guests first, told the host is leaving; then the app's own server.
      await hosting.dispose();
      await lan.dispose();
      await downloads.dispose();
      await server.close();
      log.info('embedded server closed');
    })());

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

  return { pageUrl, signalingUrl: address.url, trustedOrigin, shutdown };
}
