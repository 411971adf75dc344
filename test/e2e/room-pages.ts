/**
 * Pages joined to one room, for browser tests: each in its own browser context (its own profile),
 * with engine debug logs kept for printing when a test fails.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export interface RoomPages {
  /** `options` for the page's browser context: its locale, viewport, colour scheme. */
  open(name: string, room: string, setup?: () => void, options?: BrowserContextOptions): Promise<Page>;
  logs: string[];
}

export function roomPages(browser: Browser, baseUrl: () => string): RoomPages {
  const logs: string[] = [];
  return {
    logs,
    async open(name, room, setup, options = {}) {
      const context = await browser.newContext({ acceptDownloads: true, ...options });
      if (setup) await context.addInitScript(setup);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'warning' || message.type() === 'error')
          logs.push(`[${name}] ${message.text()}`);
      });
      page.on('pageerror', (error) => logs.push(`[${name}] page error: ${error.message}`));
      await page.goto(`${baseUrl()}?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
      await page.getByRole('heading', { name: room }).waitFor({ timeout: 20_000 });
      return page;
    },
  };
}

/**
 * Makes "Accept" stream the file to disk through the File System Access API, into the page's private
 * origin file system (headless Chromium cannot show a save dialog).
 */
export function saveToOriginFileSystem(): void {
  (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
    suggestedName,
  }: {
    suggestedName: string;
  }) => {
    const root = await navigator.storage.getDirectory();
    return root.getFileHandle(suggestedName, { create: true });
  };
}

/** SHA-256 (hex) of a file in the page's origin file system, or null when there is no such file. */
export async function originFileDigest(page: Page, name: string): Promise<string | null> {
  return page.evaluate(async (fileName) => {
    const root = await navigator.storage.getDirectory();
    let handle: FileSystemFileHandle;
    try {
      handle = await root.getFileHandle(fileName);
    } catch {
      return null;
    }
    const data = await (await handle.getFile()).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', data);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, name);
}

/**
 * Opens the chat and files panel unless it is already open (the toggle then reads "Close chat").
 * Checking and clicking happen in one turn of the page: the toggle is renamed as messages and files
 * arrive ("Chat (1 unread), 1 new file"), and checking first then clicking could wait on an old name.
 */
export async function openChat(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      if (document.getElementById('side-panel')) return true;
      const toggle = [...document.querySelectorAll<HTMLButtonElement>('nav button')].find((button) =>
        /^Chat\b/.test(button.textContent?.trim() ?? ''),
      );
      toggle?.click();
      return false;
    },
    undefined,
    { timeout: 20_000 },
  );
}
