import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGE_URL } from '../../electron/main/app-origin';
import { createAppProtocolHandler } from '../../electron/main/app-protocol';
import { isNavigationAllowed } from '../../electron/main/security/navigation';
import { isTrustedFrame, originOf } from '../../electron/main/security/trust';

let base: string;
let serve: ReturnType<typeof createAppProtocolHandler>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'nearcast-scheme-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Nearcast</title>');
  writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'hash.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(base, 'secret.txt'), 'not for the page');
  serve = createAppProtocolHandler({
    rootDir: root,
    policy: () => "default-src 'self'",
    logger: pino({ level: 'silent' }),
  });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (path: string, method = 'GET') => serve(new Request(`nearcast-app://app${path}`, { method }));

describe('the app scheme', () => {
  it('serves the built renderer with MIME types and the CSP on every response', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Nearcast</title>');

    const script = await get('/assets/app-1a2b.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {};');
    expect((await get('/assets/hash.wasm')).headers.get('content-type')).toBe('application/wasm');
  });

  it("answers the page's own routes with index.html, and a missing asset with 404", async () => {
    const route = await get('/room/standup?x=1');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Nearcast</title>');
    const missing = await get('/assets/gone-0000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe("default-src 'self'");
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/..%2Fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/%2e%2e/secret.txt', '/a%00b']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('not for the page');
    }
  });

  it('answers only GET and HEAD, only for its own host', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
    const head = await get('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await serve(new Request('nearcast-app://elsewhere/'))).status).toBe(404);
  });

  it('gives the scheme a real origin for every trust rule (Node calls it opaque)', () => {
    expect(new URL(APP_PAGE_URL).origin).toBe('null');
    expect(originOf('nearcast-app://app/room/x')).toBe('nearcast-app://app');
    expect(originOf('nearcast-app:opaque')).toBeNull();
    expect(originOf('nearcast://join?room=x')).toBeNull();
    expect(isNavigationAllowed('nearcast-app://app/#/room', 'nearcast-app://app')).toBe(true);
    expect(isNavigationAllowed('nearcast-app://evil/', 'nearcast-app://app')).toBe(false);
    expect(isTrustedFrame({ url: APP_PAGE_URL, parent: null }, 'nearcast-app://app')).toBe(true);
  });
});
