import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../common/csp';
import { createSettings } from '../../../electron/main/settings';
import { createServerChoice } from '../../../electron/main/server-choice/server-choice';
import { serverChoiceModule } from '../../../electron/main/server-choice/server-choice-module';
import { trustedIpc } from '../support/ipc';

const EMBEDDED = 'http://127.0.0.1:41234/';

function setup(stored: Record<string, unknown> = {}) {
  const backing = new Map<string, unknown>(Object.entries(stored));
  const settings = createSettings({ get: (k) => backing.get(k), set: (k, v) => backing.set(k, v) });
  const choice = createServerChoice({ settings, embeddedUrl: EMBEDDED, logger: pino({ level: 'silent' }) });
  return { choice, backing };
}

describe('server choice', () => {
  it('uses the embedded server until the user chooses another, and remembers the choice', () => {
    const { choice, backing } = setup();
    expect(choice.current()).toBe(EMBEDDED);
    expect(choice.remoteOrigin()).toBeNull();
    expect(choice.choose('192.168.1.20')).toEqual({ ok: true, data: 'http://192.168.1.20:4780/' });
    expect(choice.current()).toBe('http://192.168.1.20:4780/');
    expect(choice.remoteOrigin()).toBe('http://192.168.1.20:4780');
    expect(backing.get('signalingServer')).toBe('http://192.168.1.20:4780/');
    expect(choice.choose(null)).toEqual({ ok: true, data: EMBEDDED });
    expect(choice.current()).toBe(EMBEDDED);
  });

  it('refuses a bad address with a sentence and keeps the current server', () => {
    const { choice } = setup();
    choice.choose('box.lan:5000');
    const refused = choice.choose('file:///etc/passwd');
    expect(refused.ok).toBe(false);
    expect(choice.current()).toBe('http://box.lan:5000/');
  });

  it('ignores a tampered settings file instead of connecting anywhere it says', () => {
    const { choice } = setup({ signalingServer: 'http://evil.example/path?x' });
    expect(choice.current()).toBe(EMBEDDED);
    expect(choice.remoteOrigin()).toBeNull();
  });

  it('the page may connect to the chosen server, over http and websocket, and nowhere else', () => {
    const { choice } = setup();
    choice.choose('https://box.lan:8443');
    const policy = contentSecurityPolicy({
      signalingOrigin: 'http://127.0.0.1:41234',
      remoteOrigin: choice.remoteOrigin(),
    });
    const connect = policy.split('; ').find((d) => d.startsWith('connect-src'));
    expect(connect).toBe(
      "connect-src 'self' http://127.0.0.1:41234 ws://127.0.0.1:41234 https://box.lan:8443 wss://box.lan:8443",
    );
  });
});

describe('server choice module', () => {
  it('answers which server to use and switches it through IPC, until disposed', async () => {
    const { choice } = setup();
    const { registry, invoke, channels } = trustedIpc();
    const module = await serverChoiceModule({ registry, choice }).enable();
    await expect(invoke('app:signaling-url')).resolves.toEqual({ ok: true, data: EMBEDDED });
    await expect(invoke('app:set-signaling-server', '192.168.1.20')).resolves.toEqual({
      ok: true,
      data: 'http://192.168.1.20:4780/',
    });
    await expect(invoke('app:signaling-url')).resolves.toEqual({
      ok: true,
      data: 'http://192.168.1.20:4780/',
    });
    await expect(invoke('app:set-signaling-server', 'file:///etc')).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    await expect(invoke('app:set-signaling-server', null)).resolves.toEqual({ ok: true, data: EMBEDDED });
    await module.dispose();
    expect(channels()).toEqual([]);
  });
});
