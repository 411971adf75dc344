/**
 * The set-up every LAN browser test repeats, once: the LAN and the server before the tests, one
 * Chromium per machine (launched on first use), each person's page in its own browser context with
 * engine debug logs and page errors kept, the logs printed when a test fails, and everything torn
 * down afterwards, the namespaces included, whatever happened.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createLan, type BrowserOptions, type Lan, type LanServer } from './topology';

export interface PersonOptions extends BrowserOptions {
  /** Runs in the page before any of its scripts (e.g. a stand-in save dialog). */
  setup?: () => void;
}

export interface LanSuite {
  readonly lan: Lan;
  readonly server: LanServer;
  /** Warnings, errors and page errors of every page, prefixed with the person's name. */
  readonly logs: string[];
  /** Uncaught errors per person: a LAN guest's page must have none. */
  pageErrors(name: string): string[];
  /**
   * Opens `url` as `name` on `machine`, in a fresh browser context (a profile of its own). The first
   * person on a machine decides its browser's options.
   */
  open(machine: string, name: string, url: string, options?: PersonOptions): Promise<Page>;
}

/** Registers the hooks; the server runs on `machines[0]`. Read the fields inside tests and hooks. */
export function lanSuite(machines: string[], serverArgs: string[] = []): LanSuite {
  let lan: Lan | null = null;
  let server: LanServer | null = null;
  const browsers = new Map<string, Promise<Browser>>();
  const logs: string[] = [];
  const errors = new Map<string, string[]>();

  beforeAll(async () => {
    lan = createLan(machines);
    server = await lan.startServer(machines[0]!, serverArgs);
  });

  afterEach(({ task }) => {
    if (task.result?.state === 'fail') process.stderr.write(`\n--- page logs ---\n${logs.join('\n')}\n`);
    logs.length = 0;
  });

  afterAll(async () => {
    await lan?.dispose();
  });

  const browserOn = (machine: string, options: BrowserOptions): Promise<Browser> => {
    let browser = browsers.get(machine);
    if (!browser) {
      browser = lan!.launchBrowser(machine, options);
      browsers.set(machine, browser);
    }
    return browser;
  };

  return {
    get lan() {
      if (!lan) throw new Error('The LAN exists only inside tests and hooks.');
      return lan;
    },
    get server() {
      if (!server) throw new Error('The server runs only inside tests and hooks.');
      return server;
    },
    logs,
    pageErrors: (name) => errors.get(name) ?? [],
    async open(machine, name, url, { setup, ...browserOptions } = {}) {
      const browser = await browserOn(machine, browserOptions);
      const context = await browser.newContext({ acceptDownloads: true });
      await context.addInitScript(() => localStorage.setItem('nearcastDebug', '1'));
      if (setup) await context.addInitScript(setup);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'warning' || message.type() === 'error')
          logs.push(`[${name}] ${message.text()}`);
      });
      page.on('pageerror', (error) => {
        logs.push(`[${name}] page error: ${error.message}`);
        errors.set(name, [...(errors.get(name) ?? []), error.message]);
      });
      await page.goto(url);
      return page;
    },
  };
}

/** `base` with the room and name a join link carries. */
export function joinLink(base: string, room: string, name?: string): string {
  const url = new URL(base);
  url.searchParams.set('room', room);
  if (name) url.searchParams.set('name', name);
  return url.toString();
}
