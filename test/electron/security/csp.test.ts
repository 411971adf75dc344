import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../common/csp';
import { enableCspHeader } from '../../../electron/main/security/csp';
import { FakeSession } from '../../fakes/electron';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('is strict in production and names the signaling server for sockets', () => {
    expect(contentSecurityPolicy({ dev: false, signalingOrigin: 'http://127.0.0.1:4780' })).toBe(
      [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob: mediastream:",
        "connect-src 'self' http://127.0.0.1:4780 ws://127.0.0.1:4780",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'none'",
      ].join('; '),
    );
  });

  it('loosens only styles and websockets for the Vite dev server', () => {
    const prod = directives(contentSecurityPolicy({ dev: false, signalingOrigin: 'http://127.0.0.1:5000' }));
    const dev = directives(contentSecurityPolicy({ dev: true, signalingOrigin: 'http://127.0.0.1:5000' }));
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:5000', 'ws://127.0.0.1:5000', 'ws:']);
    for (const [name, sources] of prod) {
      if (name !== 'style-src' && name !== 'connect-src') expect(dev.get(name), name).toEqual(sources);
    }
  });

  it('never allows inline or eval scripts (WebAssembly compilation only)', () => {
    for (const dev of [false, true]) {
      const scripts = directives(contentSecurityPolicy({ dev, signalingOrigin: 'https://host:1' })).get(
        'script-src',
      );
      expect(scripts).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    }
  });

  it('uses wss: for an https signaling server', () => {
    expect(
      directives(contentSecurityPolicy({ dev: false, signalingOrigin: 'https://host:8443' })).get(
        'connect-src',
      ),
    ).toEqual(["'self'", 'https://host:8443', 'wss://host:8443']);
  });
});

describe('CSP header', () => {
  const ORIGIN = 'http://localhost:5173';
  function setup() {
    const session = new FakeSession();
    const dispose = enableCspHeader({
      session,
      trustedOrigin: ORIGIN,
      policy: () => 'P',
      logger: pino({ level: 'silent' }),
    });
    return { session, dispose };
  }

  it('replaces any CSP on responses from the trusted origin and keeps the other headers', async () => {
    const { session } = setup();
    const response = await session.webRequest.receive(`${ORIGIN}/src/main.ts`, {
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/javascript'],
    });
    expect(response.responseHeaders).toEqual({
      'Content-Type': ['text/javascript'],
      'Content-Security-Policy': ['P'],
    });
  });

  it('leaves responses from other origins untouched', async () => {
    const { session } = setup();
    await expect(session.webRequest.receive('http://127.0.0.1:4780/socket.io/')).resolves.toEqual({});
  });

  it('removes its listener on dispose', () => {
    const { session, dispose } = setup();
    dispose();
    expect(session.webRequest.headersReceivedListener).toBeNull();
  });
});
