/**
 * The window's own origin, `nearcast-app://app`: the built renderer served from a privileged custom
 * scheme instead of from the embedded server. Browser storage (localStorage, IndexedDB with the device
 * key) belongs to the page's origin; the embedded server gets a new port at every start, so a page it
 * served was a new origin each launch and found its storage empty. This origin is the same at every
 * launch whatever the port; the page talks to the embedded server cross-origin, as it already did in
 * development. docs/ARCHITECTURE.md ("The window's origin") argues the choice.
 *
 * The scheme is not `nearcast:` (deep links, desktop/deep-links.ts): a link opened from outside must
 * never load a page in our window.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Logger } from 'pino';
import { SECURITY_HEADERS } from '../../server/src';
import { APP_HOST, APP_SCHEME } from './app-origin';
import type { ProtocolHandler, SessionProtocolLike } from './electron-api/session';
import type { AppModule } from './module-runner';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppProtocolOptions {
  /** out/renderer: the built web client. */
  rootDir: string;
  /** The window's Content-Security-Policy, read for every response (it follows the chosen server). */
  policy: () => string;
  logger: Logger;
}

function plain(status: number, text: string, headers: Record<string, string>): Response {
  return new Response(text, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The file a path names under `rootDir`, or null when it would leave it (`..`, encoded or not). */
function fileUnder(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = resolve(rootDir);
  const file = resolve(join(root, decoded));
  const inside = relative(root, file);
  if (inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

/**
 * The scheme's request handler: files of the built renderer with their MIME types and the app's
 * security headers, `index.html` for any path without a file extension (the page's own routes),
 * 404 for a missing asset, and nothing outside `rootDir`.
 */
export function createAppProtocolHandler({ rootDir, policy, logger }: AppProtocolOptions): ProtocolHandler {
  const log = logger.child({ name: 'main:app-protocol' });
  return async (request) => {
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': policy() };
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not found.\n', headers);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Method not allowed.\n', { ...headers, Allow: 'GET, HEAD' });
    }
    const pathname = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = fileUnder(rootDir, pathname);
    if (!file) {
      log.warn({ path: url.pathname.slice(0, 200) }, 'refused a path outside the renderer folder');
      return plain(404, 'Not found.\n', headers);
    }
    let body = await readOrNull(file);
    let type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (!body && extname(file) === '') {
      body = await readOrNull(join(rootDir, 'index.html'));
      type = MIME_TYPES['.html'] as string;
    }
    if (!body) return plain(404, 'Not found.\n', headers);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': type, 'Content-Length': String(body.length) },
    });
  };
}

export interface AppProtocolModuleOptions extends AppProtocolOptions {
  protocol: SessionProtocolLike;
}

/** Serves the scheme on the window's session while the app runs. */
export function appProtocolModule(options: AppProtocolModuleOptions): AppModule<{ dispose(): void }> {
  return {
    name: 'app protocol',
    enable() {
      options.protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
      return { dispose: () => options.protocol.unhandle(APP_SCHEME) };
    },
  };
}
