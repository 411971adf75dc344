/**
 * The desktop scenario harness: one "launch" of the desktop app, as near the real thing as this machine
 * allows (the Electron binary cannot be downloaded here).
 *
 * What is real: `startApp()` (electron/main/app.ts) with all its modules; the embedded signaling server
 * (createSignalingServer, port 0, so every launch gets a new port); the built renderer (out/renderer,
 * `npm run build:web`); the preload's `createBridge` wired to the real IPC registry, whose sender check
 * sees the page's actual frame URL; Chromium (Debian's, headless) with one profile folder kept between
 * launches, as Electron keeps its userData; main's settings in a JSON file in that folder.
 *
 * What is emulated, and so NOT proven about real Electron:
 * - The app's privileged scheme. Plain Chromium cannot register one, so the page runs at a fixed secure
 *   origin ({@link EMULATED_ORIGIN}, `*.localhost` is a secure context) whose requests Playwright
 *   answers by calling the very handler main registered with `session.protocol.handle`. That Electron's
 *   `registerSchemesAsPrivileged` gives the scheme storage, a secure context and an Origin header is
 *   Electron's promise, not checked here; the embedded server is told the emulated origin where main
 *   names the scheme's. Chromium's Local Network Access check would block that page's socket to the
 *   embedded server on 127.0.0.1; the harness grants it. Whether Electron applies that check to the
 *   scheme, and so whether main's permission handler must grant it, is not proven here
 *   (docs/ARCHITECTURE.md, "The window's origin").
 * - IPC: arguments and replies cross through Playwright's serialisation, not Electron's structured
 *   clone; the bridge is a page global, not an isolated world (contextIsolation, sandbox, preload).
 * - Native parts: windows, tray, menus, notifications, shortcuts, mDNS and the session's permission,
 *   CSP and navigation hooks are the fakes of test/fakes/electron.ts, the updater that of
 *   test/fakes/auto-updater.ts. Main's permission handler is asked once, at launch, for the window's
 *   frame: what it grants (camera, microphone, clipboard writes) the harness grants the page's origin
 *   in Chromium; it is not asked per request, as Electron does.
 * - Scanning a QR code: the harness remembers the URL behind each image main drew (the real qrcode
 *   library, as in the app) and answers with it; no camera decodes the picture.
 * - The LAN: with `lan`, this process's namespace is a computer of the test topology, and hosting
 *   listens on its address there instead of every interface.
 */
import * as fs from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import QRCode from 'qrcode';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import { startApp, type RunningApp } from '../../../electron/main/app';
import type { CreateServer } from '../../../electron/main/embedded-server';
import type { BonjourLike } from '../../../electron/main/hosting/lan-discovery';
import { createSignalingServer } from '../../../server/src';
import { FakeBonjour } from '../../electron/support/fake-bonjour';
import { FakeAutoUpdater, FAKE_PUBLISHER_KEYS } from '../../fakes/auto-updater';
import { createFakeElectron, type FakeElectron, type FakeIpcMain } from '../../fakes/electron';
import { assertLoopbackOnly, CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium';
import { REPO_ROOT } from '../../support/server-process';
import { LAN_CHROMIUM_ARGS, type ThisProcessOnLan } from '../lan/topology';
import { bridgeInitScript, EMIT_FUNCTION, INVOKE_BINDING } from './page-bridge';

/** Where the page runs in place of the app's scheme origin: fixed, secure, never on the network. */
export const EMULATED_ORIGIN = 'http://app.nearcast.localhost';

const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

export interface LaunchOptions {
  /** Kept between launches: Chromium's profile and main's settings live in it. */
  profileDir: string;
  /**
   * This process's place on the test LAN (test/e2e/lan/topology.ts, `attachThisProcess`): hosting
   * listens on its address, and the window's Chromium gets the LAN flags (no loopback ICE). Without
   * it, hosting listens on 127.0.0.1 and nothing leaves this process's namespace.
   */
  lan?: ThisProcessOnLan;
  /** mDNS; a recording fake unless given. */
  bonjour?: BonjourLike;
  /** The window's Chromium and its flags: the test's own, or the LAN's when `lan` is given. */
  chromium?: { executablePath: string; args: readonly string[] };
  logger?: Logger;
}

export interface Desktop {
  /** The app's window. */
  page: Page;
  context: BrowserContext;
  running: RunningApp;
  electron: FakeElectron;
  /** The fake ipcMain holding the real registry's handlers. */
  ipc: FakeIpcMain;
  /**
   * What a phone's camera reads from a QR code the app shows (an `<img>` src): the URL main had drawn
   * into that very image. Throws for an image main did not draw.
   */
  scanQrCode(image: string): string;
  /** Quits as the app does (modules disposed, server closed), then closes Chromium. */
  quit(): Promise<void>;
}

/** Main's electron-store: a JSON file that outlives the launch. */
function fileSettings(path: string) {
  const values: Record<string, unknown> = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
    : {};
  return {
    get: (key: string): unknown => values[key],
    set: (key: string, value: unknown): void => {
      values[key] = value;
      writeFileSync(path, JSON.stringify(values));
    },
  };
}

/**
 * Maps URLs between the app's view (its scheme, when main loads one) and the page's (the emulated
 * origin). http(s) URLs, as main loaded before it had a scheme, pass unchanged both ways.
 */
function urlMapping() {
  let appOrigin: string | null = null;
  return {
    toPage(url: string): string {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
      appOrigin = `${parsed.protocol}//${parsed.host}`;
      return EMULATED_ORIGIN + parsed.pathname + parsed.search + parsed.hash;
    },
    toApp(url: string): string {
      if (!appOrigin || !url.startsWith(EMULATED_ORIGIN)) return url;
      return appOrigin + url.slice(EMULATED_ORIGIN.length);
    },
    /** Main names the scheme's origin to the server before the window loads anything. */
    toPageOrigin(origin: string): string {
      if (/^https?:/.test(origin)) return origin;
      appOrigin = origin;
      return EMULATED_ORIGIN;
    },
    get appScheme(): string | null {
      return appOrigin ? appOrigin.slice(0, appOrigin.indexOf(':')) : null;
    },
  };
}

/** Answers a page request from the protocol handler main registered, as Electron would. */
async function answerFromScheme(
  route: Route,
  electron: FakeElectron,
  urls: ReturnType<typeof urlMapping>,
): Promise<void> {
  const scheme = urls.appScheme;
  const handler = scheme ? electron.session.defaultSession.protocol.handlers.get(scheme) : undefined;
  if (!handler) {
    await route.abort('connectionrefused');
    return;
  }
  const request = route.request();
  const response = await handler(
    new Request(urls.toApp(request.url()), { method: request.method(), headers: request.headers() }),
  );
  await route.fulfill({
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.from(await response.arrayBuffer()),
  });
}

/**
 * Chromium's permissions that main's request handler decides in Electron, granted here only when that
 * handler, asked for the window's main frame, grants them. `clipboard-read` is the test's own, for
 * reading what "Copy invite link" wrote (main never grants it to the app).
 */
async function grantAsMainDoes(
  context: BrowserContext,
  electron: FakeElectron,
  urls: ReturnType<typeof urlMapping>,
): Promise<void> {
  const asked = { requestingUrl: urls.toApp(`${EMULATED_ORIGIN}/`), isMainFrame: true };
  const session = electron.session.defaultSession;
  const granted = ['clipboard-read'];
  if (await session.requestPermission('media', { ...asked, mediaTypes: ['video', 'audio'] })) {
    granted.push('camera', 'microphone');
  }
  if (await session.requestPermission('clipboard-sanitized-write', asked)) granted.push('clipboard-write');
  await context.grantPermissions(granted, { origin: EMULATED_ORIGIN });
}

/** Starts the app on `profileDir`: Chromium with that profile, then the real startApp. */
export async function launchDesktop(options: LaunchOptions): Promise<Desktop> {
  assertLoopbackOnly(options.lan ? [options.lan.interfaceName] : []);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build:web` first.');
  }
  const { profileDir } = options;
  mkdirSync(join(profileDir, 'logs'), { recursive: true });
  const logger = options.logger ?? pino({ level: 'silent' });
  const urls = urlMapping();

  const context = await chromium.launchPersistentContext(join(profileDir, 'chromium'), {
    executablePath: options.chromium?.executablePath ?? CHROMIUM_PATH,
    args: [...(options.chromium?.args ?? (options.lan ? LAN_CHROMIUM_ARGS : CHROMIUM_ARGS))],
  });
  const page = context.pages()[0] ?? (await context.newPage());

  // startApp does not wait for its window to load (Electron shows it at 'ready-to-show'); the harness does.
  let loading: Promise<void> | null = null;
  const electron = createFakeElectron({
    load: (window, url) =>
      (loading = page.goto(urls.toPage(url)).then(() => {
        window.emit('ready-to-show');
      })),
  });
  // Each main → renderer event, in order, to the page's bridge.
  let delivery = Promise.resolve();
  electron.app.on('web-contents-created', (_event, contents: NodeJS.EventEmitter) => {
    contents.on('sent', (channel: string, payload: unknown) => {
      delivery = delivery
        .then(() =>
          page.evaluate(
            ([name, event, data]) => {
              const emit = (window as unknown as Record<string, unknown>)[name];
              if (typeof emit === 'function') emit(event, data);
            },
            [EMIT_FUNCTION, channel, payload] as const,
          ),
        )
        .catch(() => undefined);
    });
  });
  await context.addInitScript({ content: await bridgeInitScript(EMULATED_ORIGIN) });
  await context.exposeBinding(INVOKE_BINDING, async (source, channel: string, args: unknown[]) => {
    const window = electron.BrowserWindow.getAllWindows().at(-1);
    if (!window) throw new Error('IPC from a page with no window open');
    const parent = source.frame.parentFrame();
    const senderFrame = {
      url: urls.toApp(source.frame.url()),
      parent: parent ? { url: urls.toApp(parent.url()), parent: null } : null,
    };
    return electron.ipcMain.invoke({ sender: window.webContents, senderFrame }, channel, ...args);
  });
  await context.route(`${EMULATED_ORIGIN}/**`, (route) => answerFromScheme(route, electron, urls));
  // A page answered by interception has no address, so Chromium's Local Network Access checks take it
  // for a public site and block its sockets to 127.0.0.1 unless granted (see the header).
  await context.grantPermissions(['local-network-access'], { origin: EMULATED_ORIGIN });

  const createServer: CreateServer = (serverOptions) =>
    createSignalingServer({
      ...serverOptions,
      allowedOrigins: serverOptions.allowedOrigins.map((origin) => urls.toPageOrigin(origin)),
    });
  const settings = fileSettings(join(profileDir, 'settings.json'));
  const drawnQrCodes = new Map<string, string>();
  // Electron keeps userData (hosting's certificate among it), logs and downloads per installation.
  electron.app.getPath.mockImplementation((name) => join(profileDir, name));
  let running: RunningApp | null;
  try {
    running = await startApp({
      ...electron,
      createServer,
      // Updates are proven against the real electron-updater in test/electron/updates; here none is found.
      autoUpdater: new FakeAutoUpdater(),
      updatePublisherKeys: FAKE_PUBLISHER_KEYS,
      bonjour: options.bonjour ?? new FakeBonjour(),
      settingsStore: settings,
      networkInterfaces,
      makeQrCode: async (url) => {
        const image = await QRCode.toDataURL(url, { margin: 1, width: 256 });
        drawnQrCodes.set(image, url);
        return image;
      },
      downloadsFs: fs,
      logger,
      platform: 'linux',
      argv: [],
      lanHost: options.lan?.address ?? '127.0.0.1',
      lan: { instanceName: `Nearcast-harness-${process.pid}`, displayName: 'Harness computer' },
      env: { wayland: false },
      paths: {
        preload: join(REPO_ROOT, 'out', 'preload', 'index.cjs'),
        renderer: RENDERER_DIR,
        trayIcon: join(REPO_ROOT, 'build', 'tray', 'tray.png'),
        logs: join(profileDir, 'logs'),
      },
    });
  } catch (error) {
    await context.close();
    throw error;
  }
  if (!running) {
    await context.close();
    throw new Error('startApp handed over to another instance');
  }
  const app = running;
  await loading;
  await grantAsMainDoes(context, electron, urls);
  return {
    page,
    context,
    running: app,
    electron,
    ipc: electron.ipcMain,
    scanQrCode(image) {
      const url = drawnQrCodes.get(image);
      if (url === undefined) throw new Error('This image is no QR code the app drew.');
      return url;
    },
    async quit() {
      await app.shutdown();
      await delivery;
      await context.close();
    },
  };
}
