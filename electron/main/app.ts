/**
 * The app's wiring, kept apart from index.ts so a test can run all of it against the fake electron
 * module: start the embedded signaling server, derive the one trusted origin from the URL the window
 * will load, turn on the security rules, register IPC, open the window, and tear it all down on quit.
 */
import type { Logger } from 'pino';
import { CodedError } from '../../common/result';
import { createDisplayMedia } from './display-media';
import type {
  AppLike,
  BrowserWindowClass,
  BrowserWindowLike,
  DesktopCapturerLike,
  IpcMainLike,
  SessionModuleLike,
  ShellLike,
} from './electron-api';
import { registerIpcHandlers } from './ipc-handlers';
import { createIpcRegistry } from './ipc-registry';
import { enableSecurityRules } from './security/rules';
import { originOf, trustedSenderCheck } from './trust';
import { createMainWindow } from './window';

/** Loopback only: the desktop window is the only client of the embedded server in v0. */
export const EMBEDDED_SERVER_HOST = '127.0.0.1';
/** How long quitting waits for the server to close its sockets before leaving anyway. */
export const SHUTDOWN_TIMEOUT_MS = 3_000;

/** The slice of server/src/signaling-server the shell uses; the real factory fits it structurally. */
export interface EmbeddedServer {
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
  app: AppLike;
  BrowserWindow: BrowserWindowClass;
  ipcMain: IpcMainLike;
  session: SessionModuleLike;
  desktopCapturer: DesktopCapturerLike;
  shell: ShellLike;
  createServer: CreateServer;
  logger: Logger;
  /** `process.platform`; decides the macOS convention of staying alive with no window. */
  platform: string;
  env: {
    /** The electron-vite dev server (`ELECTRON_RENDERER_URL`); absent in a packaged app. */
    rendererUrl?: string;
  };
  paths: {
    /** out/preload/index.cjs */
    preload: string;
    /** out/renderer: the built web client the embedded server serves. */
    renderer: string;
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

export async function startApp(deps: StartAppDeps): Promise<RunningApp> {
  const { app, BrowserWindow, ipcMain, desktopCapturer, shell, logger, paths } = deps;
  const session = deps.session.defaultSession;
  const log = logger.child({ name: 'main:app' });

  await app.whenReady();

  const server = deps.createServer({
    host: EMBEDDED_SERVER_HOST,
    port: 0,
    staticDir: paths.renderer,
    logger,
  });
  const address = await server.listen();
  const dev = Boolean(deps.env.rendererUrl);
  const pageUrl = deps.env.rendererUrl || address.url;
  const trustedOrigin = originOf(pageUrl);
  const signalingOrigin = originOf(address.url);
  if (!trustedOrigin || !signalingOrigin) {
    await server.close();
    throw new CodedError('BAD_RENDERER_URL', `Cannot derive an origin from ${pageUrl} / ${address.url}.`);
  }
  log.info({ pageUrl, signalingUrl: address.url, dev }, 'embedded server listening');

  const security = enableSecurityRules({ app, session, shell, trustedOrigin, signalingOrigin, dev, logger });
  const displayMedia = createDisplayMedia({ session, desktopCapturer, trustedOrigin, logger });
  displayMedia.enable();

  const ourContents = new Set<object>();
  const registry = createIpcRegistry({
    ipcMain,
    isTrustedSender: trustedSenderCheck(trustedOrigin, (sender) => ourContents.has(sender)),
    logger,
  });
  registerIpcHandlers({ registry, desktopCapturer, displayMedia, signalingUrl: address.url, logger });

  const openWindow = (): BrowserWindowLike => {
    const window = createMainWindow({ BrowserWindow, preloadPath: paths.preload });
    const contents = window.webContents;
    ourContents.add(contents);
    window.on('closed', () => ourContents.delete(contents));
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
      displayMedia.dispose();
      security.dispose();
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
