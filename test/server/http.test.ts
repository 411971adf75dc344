import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/src/index';
import { useHarness } from './helpers';

const harness = useHarness();

const INDEX_HTML =
  '<!doctype html><title>Nearcast</title><script type="module" src="/assets/app-1a2b.js"></script>';

let staticDir: string;

beforeEach(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'nearcast-static-'));
  await writeFile(join(staticDir, 'index.html'), INDEX_HTML);
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'assets', 'app-1a2b.js'), 'export {};\n');
});

afterEach(async () => {
  await rm(staticDir, { recursive: true, force: true });
});

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('permissions-policy')).toBe(
    'camera=(self), microphone=(self), display-capture=(self)',
  );
}

describe('with a built web client', () => {
  it('GET / serves index.html under a strict CSP', async () => {
    const { address } = await harness.start({ staticDir });

    const response = await fetch(address.url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe(INDEX_HTML);
    expectSecurityHeaders(response);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("media-src 'self' blob: mediastream:");
  });

  it('an app route such as /room/abc falls back to index.html', async () => {
    const { address } = await harness.start({ staticDir });

    const response = await fetch(new URL('/room/abc', address.url));

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expectSecurityHeaders(response);
  });

  it('serves assets, with an etag for revalidation', async () => {
    const { address } = await harness.start({ staticDir });

    const response = await fetch(new URL('/assets/app-1a2b.js', address.url));
    const etag = response.headers.get('etag');
    const again = await fetch(new URL('/assets/app-1a2b.js', address.url), {
      headers: { 'if-none-match': etag ?? '' },
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('export {};\n');
    expect(etag).toBeTruthy();
    expect(again.status).toBe(304);
    expectSecurityHeaders(again);
  });

  it('a missing asset is 404, not the app shell', async () => {
    const { address } = await harness.start({ staticDir });

    const response = await fetch(new URL('/x.js', address.url));

    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('<title>Nearcast</title>');
    expectSecurityHeaders(response);
  });

  it('a file deleted while the server runs fails that request only', async () => {
    const { address } = await harness.start({ staticDir });
    await rm(join(staticDir, 'assets', 'app-1a2b.js'));

    await expect(fetch(new URL('/assets/app-1a2b.js', address.url)).then((r) => r.text())).rejects.toThrow();

    expect((await fetch(new URL('/healthz', address.url))).status).toBe(200);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { address } = await harness.start({ staticDir });

    const response = await fetch(address.url, { method: 'POST', body: 'x' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('without a web client', () => {
  it('GET / is 503 with how to build it, when no staticDir is given', async () => {
    const { address } = await harness.start({ staticDir: null });

    const response = await fetch(address.url);

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toContain('The web client is not built. Run: npm run build:web');
    expectSecurityHeaders(response);
  });

  it('GET / is 503 when the folder has no index.html', async () => {
    await rm(join(staticDir, 'index.html'));
    const { address } = await harness.start({ staticDir });

    const response = await fetch(address.url);

    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:web');
  });

  it('signaling still works', async () => {
    const { address } = await harness.start({ staticDir: null });

    const { joined } = await harness.joined(address, 'standup', 'Ada');

    expect(joined.room).toBe('standup');
  });
});

describe('/healthz', () => {
  it.each([
    ['with', true],
    ['without', false],
  ])('answers 200 ok %s a web client', async (_label, built) => {
    const { address } = await harness.start({ staticDir: built ? staticDir : null });

    const response = await fetch(new URL('/healthz', address.url));

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
  });
});

describe('Socket.IO transport', () => {
  it('does not serve the Socket.IO client bundle or long-polling', async () => {
    const { address } = await harness.start({ staticDir: null });

    const bundle = await fetch(new URL('/socket.io/socket.io.js', address.url));
    const polling = await fetch(new URL('/socket.io/?EIO=4&transport=polling', address.url));

    expect(bundle.status).toBe(400);
    expect(polling.status).toBe(400);
  });
});
