/**
 * Composition root of the main process: the only module that imports Electron values, reads
 * `process.env` or picks concrete implementations. Everything else receives what it needs from here.
 */
import * as fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { Bonjour } from 'bonjour-service';
import {
  app,
  BrowserWindow,
  desktopCapturer,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  Notification,
  protocol,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
} from 'electron';
import electronLog from 'electron-log/main';
import Store from 'electron-store';
import electronUpdater from 'electron-updater';
import { multistream, pino } from 'pino';
import QRCode from 'qrcode';
import { createForwardingUnit, createSignalingServer, openBonjour } from '../../server/src';
import { startApp } from './app';
import { isWaylandSession } from './capture/capture-environment';
import { APP_ID, trayIconPath } from './desktop/app-identity';
import { readPublisherKeys } from './updates/signed-feed';

// Windows groups the taskbar button and shows notifications under this id (the installer's own).
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

// pino lines go to stdout and, through electron-log, to the per-user log file "Open logs" shows.
electronLog.transports.console.level = false;
const logFile = electronLog.transports.file.getFile().path;
const logger = pino(
  { level: process.env.NEARCAST_LOG_LEVEL ?? 'info' },
  multistream([
    { stream: process.stdout },
    { stream: { write: (line: string) => electronLog.info(line.trimEnd()) } },
  ]),
);

startApp({
  app,
  BrowserWindow,
  ipcMain,
  session,
  protocol,
  desktopCapturer,
  shell,
  Menu,
  Tray,
  Notification,
  globalShortcut,
  dialog,
  screen,
  systemPreferences,
  createServer: createSignalingServer,
  // Its worker file sits next to this bundle (out/main/unit-worker.js); media engine werift, pure JS.
  createUnit: (unitLogger) => createForwardingUnit({ logger: unitLogger }),
  // mDNS failures (an answer not sent, port 5353 held elsewhere) are logged, never fatal to main.
  bonjour: openBonjour(Bonjour, logger),
  // electron-updater is CommonJS: its named exports are read from the default one.
  autoUpdater: electronUpdater.autoUpdater,
  // Put there by `npm run dist` from the signing key it was given (scripts/sign-release.mjs).
  updatePublisherKeys: app.isPackaged ? readPublisherKeys(join(process.resourcesPath, 'update-keys')) : [],
  settingsStore: new Store({ name: 'settings' }),
  networkInterfaces,
  makeQrCode: (url) => QRCode.toDataURL(url, { margin: 1, width: 256 }),
  downloadsFs: fs,
  logger,
  platform: process.platform,
  argv: process.argv,
  lan: { instanceName: `Nearcast-${randomBytes(4).toString('hex')}`, displayName: hostname() },
  env: {
    rendererUrl: process.env.ELECTRON_RENDERER_URL,
    wayland: isWaylandSession(process.env),
  },
  // electron-vite layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
  paths: {
    preload: join(__dirname, '../preload/index.cjs'),
    renderer: join(__dirname, '../renderer'),
    // Packaged: copied by electron-builder's extraResources; in development: straight from build/.
    trayIcon: trayIconPath(
      process.platform,
      app.isPackaged ? join(process.resourcesPath, 'tray') : join(__dirname, '../../build/tray'),
    ),
    logs: dirname(logFile),
  },
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'Nearcast could not start');
  app.exit(1);
});
