/**
 * What a server shows to someone on the LAN who is not in the workspace: access-code guesses are
 * slowed per address, `/metrics` of a server with an access code needs loopback or the metrics token,
 * and a page of a foreign origin cannot open a WebSocket. Refusals are counted by reason.
 */
import type { IncomingMessage } from 'node:http';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { ACCESS_FREE_ATTEMPTS, PIN_BASE_DELAY_MS } from '../../common/limits';
import { metricsAccess } from '../../server/src/http/metrics-access';
import { useHarness } from './helpers';

const harness = useHarness();
const CODE = 'orange-42';

async function metricsText(url: string): Promise<string> {
  return (await fetch(new URL('/metrics', url))).text();
}

describe('access-code guessing', () => {
  it('is refused unchecked for a while after a few wrong codes, then the right code gets in', async () => {
    let clock = 0;
    const { address } = await harness.start({ accessCode: CODE, now: () => clock });
    for (let i = 0; i < ACCESS_FREE_ATTEMPTS; i++) {
      expect((await harness.refused(address, { accessCode: `guess-${i}` })).data).toMatchObject({
        code: 'ACCESS_DENIED',
      });
    }
    // Even the right code is not checked during the wait.
    expect((await harness.refused(address, { accessCode: CODE })).data).toEqual({
      code: 'RATE_LIMITED',
      message: 'Too many wrong access codes. Try again in 1 s.',
      retryAfterMs: PIN_BASE_DELAY_MS,
    });
    clock += PIN_BASE_DELAY_MS;
    await expect(harness.connect(address, { accessCode: CODE })).resolves.toMatchObject({ connected: true });
    expect(await metricsText(address.url)).toContain(
      'nearcast_connections_refused_total{reason="access_throttled"} 1',
    );
  });
});

describe('/metrics', () => {
  const request = (remoteAddress: string, authorization?: string) =>
    ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as IncomingMessage;

  it('of a server with an access code: loopback, or the metrics token from elsewhere', () => {
    const guarded = metricsAccess(true, 's3cret-token');
    expect(guarded(request('127.0.0.1'))).toBe(true);
    expect(guarded(request('::1'))).toBe(true);
    expect(guarded(request('::ffff:127.0.0.1'))).toBe(true);
    expect(guarded(request('192.168.1.9'))).toBe(false);
    expect(guarded(request('192.168.1.9', 'Bearer wrong'))).toBe(false);
    expect(guarded(request('192.168.1.9', 'Bearer s3cret-token'))).toBe(true);
    expect(metricsAccess(true, null)(request('192.168.1.9', 'Bearer anything'))).toBe(false);
    expect(metricsAccess(false, null)(request('192.168.1.9'))).toBe(true);
  });

  it('still answers this machine on a server with an access code', async () => {
    const { address } = await harness.start({ accessCode: CODE });
    const response = await fetch(new URL('/metrics', address.url));
    expect(response.status).toBe(200);
  });
});

describe('the Origin of a WebSocket', () => {
  /** 'connected', or the handshake refusal, of a client whose page would be at `origin`. */
  async function withOrigin(url: string, origin: string): Promise<'connected' | { refused: unknown }> {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { Origin: origin },
    });
    try {
      return await new Promise((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error: Error & { data?: unknown }) => resolve({ refused: error.data }));
      });
    } finally {
      socket.close();
    }
  }

  it('is refused from a foreign page, and taken from the server itself, loopback pages and the allowlist', async () => {
    const { address } = await harness.start({ allowedOrigins: ['https://intranet.example'] });
    expect(await withOrigin(address.url, 'http://evil.example')).toEqual({
      refused: { code: 'ACCESS_DENIED', message: expect.stringContaining('web address') },
    });
    expect(await withOrigin(address.url, 'http://192.168.1.5:4780')).toMatchObject({
      refused: { code: 'ACCESS_DENIED' },
    });
    expect(await withOrigin(address.url, new URL(address.url).origin)).toBe('connected');
    expect(await withOrigin(address.url, 'http://localhost:5173')).toBe('connected');
    expect(await withOrigin(address.url, 'https://intranet.example')).toBe('connected');
    expect(await metricsText(address.url)).toContain('nearcast_connections_refused_total{reason="origin"} 2');
  });

  it("takes the desktop app's own scheme when allowed, and no other page of a custom scheme", async () => {
    const { address } = await harness.start({ allowedOrigins: ['nearcast-app://app'] });
    expect(await withOrigin(address.url, 'nearcast-app://app')).toBe('connected');
    expect(await withOrigin(address.url, 'nearcast-app://other')).toMatchObject({
      refused: { code: 'ACCESS_DENIED' },
    });
    expect(await withOrigin(address.url, 'other-app://app')).toMatchObject({
      refused: { code: 'ACCESS_DENIED' },
    });
    expect(await withOrigin(address.url, 'null')).toMatchObject({ refused: { code: 'ACCESS_DENIED' } });
  });
});
