/**
 * The desktop share picker in real Chromium, with a fake `window.nearcast` bridge injected before the
 * app loads (exactly where the preload would put it). The page is the built web client served by the
 * standalone signaling server; the bridge lists a screen and a window with thumbnails and records the
 * id the picker hands to main. Headless Chromium's fake capture UI then answers getDisplayMedia with a
 * synthetic screen, so the share starts for real.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitForDecodingVideo } from './probes';

/** A 1×1 PNG: enough for an <img> to load under the app's CSP (img-src data:). */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

interface FakeBridgeRecord {
  listed: number;
  selected: string[];
}

declare global {
  interface Window {
    __bridgeRecord?: FakeBridgeRecord;
  }
}

/** Runs in the page before any app script: a bridge with the preload's shape, backed by plain data. */
function installFakeBridge({ signalingUrl, png }: { signalingUrl: string; png: string }): void {
  const record: FakeBridgeRecord = { listed: 0, selected: [] };
  const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data });
  const none = () => () => undefined;
  const sources = [
    {
      id: 'screen:0:0',
      name: 'Entire screen',
      kind: 'screen',
      thumbnailDataUrl: png,
      appIconDataUrl: null,
      displayId: '1',
    },
    {
      id: 'window:42:0',
      name: 'Slides',
      kind: 'window',
      thumbnailDataUrl: png,
      appIconDataUrl: png,
      displayId: null,
    },
  ];
  const desktopSettings = {
    closeToTray: true,
    openAtLogin: false,
    openAtLoginSupported: false,
    muteShortcut: 'CommandOrControl+Shift+M',
  };
  window.__bridgeRecord = record;
  Object.defineProperty(window, 'nearcast', {
    value: Object.freeze({
      getSignalingUrl: () => ok(signalingUrl),
      listCaptureSources: () => {
        record.listed += 1;
        return ok(sources);
      },
      selectCaptureSourceWith: (id: string) => {
        record.selected.push(id);
        return ok(null);
      },
      getCaptureEnvironment: () => ok({ wayland: false, systemAudio: false, screenPermission: 'granted' }),
      openScreenRecordingSettings: () => ok(null),
      startHosting: () =>
        ok({
          urls: [],
          joinUrl: null,
          qrDataUrl: '',
          port: 1,
          fingerprint256: '',
          accessCode: null,
          approval: true,
        }),
      stopHosting: () => ok(null),
      getHostingStatus: () => ok({ active: false }),
      onHostingChanged: none,
      listLanHosts: () => ok([]),
      onLanHostsChanged: none,
      onDeepLink: none,
      setCallStatus: () => ok(null),
      onTrayAction: none,
      notifyIncomingCall: () => ok(null),
      onCallNotificationAction: none,
      setLanguage: () => ok(null),
      getDesktopSettings: () => ok(desktopSettings),
      setCloseToTray: () => ok(desktopSettings),
      setOpenAtLogin: () => ok(desktopSettings),
      setMuteShortcut: () => ok(desktopSettings),
      reportError: () => ok(null),
    }),
  });
}

let server: ServerProcess;
let browser: Browser;
let page: Page;
const logs: string[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  const { url } = server;
  browser = await launchChromium();
  const context = await browser.newContext();
  await context.addInitScript(installFakeBridge, { signalingUrl: url, png: PNG });
  page = await context.newPage();
  page.on('pageerror', (error) => logs.push(`page error: ${error.message}`));
  page.on('console', (message) => logs.push(message.text()));
  await page.goto(`${url}?room=picker&name=Ada`);
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the desktop share picker', () => {
  it('joins the room from the link, talking to the server the bridge names', async () => {
    await page.getByRole('heading', { name: 'picker' }).waitFor({ timeout: 20_000 });
  });

  it('lists the screens and windows main offers, each named by what clicking it shares', async () => {
    await page.getByRole('button', { name: 'Share screen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose what to share' });
    await dialog.getByRole('button', { name: 'Share Entire screen' }).waitFor();
    await expect(dialog.getByRole('button', { name: 'Share Slides' }).isVisible()).resolves.toBe(true);
    const thumbnails = await dialog
      .locator('img')
      .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth));
    expect(thumbnails.length).toBeGreaterThanOrEqual(2);
    expect(thumbnails.every((width) => width === 1)).toBe(true);
  });

  it('keeps asking main while open', async () => {
    const before = await page.evaluate(() => window.__bridgeRecord?.listed ?? 0);
    await page.waitForTimeout(3_500);
    const after = await page.evaluate(() => window.__bridgeRecord?.listed ?? 0);
    expect(after).toBeGreaterThan(before);
  });

  it('hands the picked id to main and starts a real screen share', async () => {
    await page.getByRole('button', { name: 'Share Slides' }).click();
    await page.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.__bridgeRecord?.selected)).toEqual(['window:42:0']);
    const shared = await waitForDecodingVideo(page, 'Your shared screen');
    expect(shared.width).toBeGreaterThan(0);
    await expect(page.getByRole('dialog', { name: 'Choose what to share' }).count()).resolves.toBe(0);
  });
});
