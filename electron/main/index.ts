/**
 * Composition root of the main process: the only module that imports Electron values, reads
 * `process.env` or picks concrete implementations. Everything else receives what it needs from here.
 */
import { join } from 'node:path';
import { app, BrowserWindow, desktopCapturer, ipcMain, session, shell } from 'electron';
import { pino } from 'pino';
import { createSignalingServer } from '../../server/src/signaling-server';
import { startApp } from './app';

const logger = pino({ level: process.env.NEARCAST_LOG_LEVEL ?? 'info' });

startApp({
  app,
  BrowserWindow,
  ipcMain,
  session,
  desktopCapturer,
  shell,
  createServer: createSignalingServer,
  logger,
  platform: process.platform,
  env: { rendererUrl: process.env.ELECTRON_RENDERER_URL },
  // electron-vite layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
  paths: {
    preload: join(__dirname, '../preload/index.cjs'),
    renderer: join(__dirname, '../renderer'),
  },
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'Nearcast could not start');
  app.exit(1);
});
