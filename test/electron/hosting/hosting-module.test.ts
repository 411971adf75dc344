import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcEvent } from '../../../common/ipc';
import type { Enabled } from '../../../electron/main/module-runner';
import { hostingModule } from '../../../electron/main/hosting/hosting-module';
import { createSettings } from '../../../electron/main/settings';
import { FakeBonjour, service } from '../support/fake-bonjour';
import { guestCertificate } from '../support/guest-tls';
import { trustedIpc } from '../support/ipc';

const running: Enabled[] = [];

afterEach(async () => {
  for (const module of running.splice(0)) await module.dispose();
});

async function setup(stored: Record<string, unknown> = {}) {
  const ipc = trustedIpc();
  const backing = new Map<string, unknown>(Object.entries(stored));
  const settings = createSettings({
    get: (key) => backing.get(key),
    set: (key, value) => backing.set(key, value),
  });
  const bonjour = new FakeBonjour();
  const sent: Array<[IpcEvent, unknown]> = [];
  const hosting = await hostingModule({
    registry: ipc.registry,
    events: { send: (event, payload) => void sent.push([event, payload]) },
    server: {
      httpServer: new EventEmitter(),
      io: { sockets: { sockets: new Map() } },
      setGuestGate: () => undefined,
    },
    unitCode: '26 28 53',
    certificateDir: '/nonexistent',
    admission: { loadCertificate: guestCertificate },
    bonjour,
    lan: { instanceName: 'Nearcast-self', displayName: 'This computer' },
    version: '0.1.0',
    listenHost: '127.0.0.1',
    settings,
    networkInterfaces: () => ({}),
    makeQrCode: (url) => Promise.resolve(`qr:${url}`),
    logger: pino({ level: 'silent' }),
  }).enable();
  running.push(hosting);
  const sentOn = (event: IpcEvent) => sent.filter(([name]) => name === event).map(([, payload]) => payload);
  return { ...ipc, backing, bonjour, sentOn, hosting };
}

describe('hosting module', () => {
  it('starts and stops hosting through IPC, advertising it and telling our windows each time', async () => {
    const { invoke, bonjour, sentOn } = await setup();
    const started = (await invoke('hosting:start', {})) as { ok: true; data: { port: number } };
    expect(started.ok).toBe(true);
    const { port } = started.data;
    expect(sentOn('hosting:changed')).toEqual([
      {
        active: true,
        urls: [],
        joinUrl: null,
        qrDataUrl: '',
        port,
        fingerprint256: (await guestCertificate()).fingerprint256,
        // The forwarding unit's code, for guests in large rooms to compare with their app's.
        unitCode: '26 28 53',
        accessCode: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/),
        approval: true,
      },
    ]);
    expect(bonjour.published[0]?.config).toMatchObject({
      type: 'nearcast',
      port,
      // Guests need a code, and can compare the certificate before they come.
      txt: { ac: '1', fp: (await guestCertificate()).fingerprint256 },
    });
    await expect(invoke('hosting:status')).resolves.toMatchObject({ ok: true, data: { active: true, port } });
    await expect(invoke('hosting:stop')).resolves.toEqual({ ok: true, data: null });
    expect(sentOn('hosting:changed').at(-1)).toEqual({ active: false });
    expect(bonjour.published[0]?.stopped).toBe(true);
  });

  it('remembers a port the user asked for once it worked, and only then', async () => {
    const free = await setup();
    const picked = (await free.invoke('hosting:start', {})) as { ok: true; data: { port: number } };
    expect(free.backing.has('hostingPort')).toBe(false);
    await free.invoke('hosting:stop');

    const asked = await setup();
    await asked.invoke('hosting:start', { port: picked.data.port });
    expect(asked.backing.get('hostingPort')).toBe(picked.data.port);
  });

  it('asks for the remembered port when the request names none', async () => {
    const first = await setup();
    const picked = (await first.invoke('hosting:start', {})) as { ok: true; data: { port: number } };
    await first.invoke('hosting:stop');

    const { invoke } = await setup({ hostingPort: picked.data.port });
    await expect(invoke('hosting:start', {})).resolves.toMatchObject({
      ok: true,
      data: { port: picked.data.port },
    });
  });

  it('lists the hosts found on the LAN and pushes each change', async () => {
    const { invoke, bonjour, sentOn } = await setup();
    expect(bonjour.browsers).toHaveLength(1);
    bonjour.browsers[0]?.emit(
      'up',
      service('Nearcast-a._nearcast._tcp.local', 4780, {
        name: 'Ada laptop',
        v: '0.1.0',
        ac: '0',
        port: '4780',
      }),
    );
    const hosts = [expect.objectContaining({ name: 'Ada laptop', url: 'http://192.168.1.20:4780/' })];
    await expect(invoke('lan:list-hosts')).resolves.toEqual({ ok: true, data: hosts });
    expect(sentOn('lan:hosts-changed')).toEqual([hosts]);
  });

  it('stops hosting, stops browsing and removes its handlers on dispose', async () => {
    const { invoke, bonjour, channels, hosting } = await setup();
    await invoke('hosting:start', {});
    expect(channels()).toEqual([
      'hosting:answer-knock',
      'hosting:get-admission',
      'hosting:list-knocks',
      'hosting:new-code',
      'hosting:set-admission',
      'hosting:start',
      'hosting:status',
      'hosting:stop',
      'lan:list-hosts',
    ]);
    await hosting.dispose();
    running.splice(running.indexOf(hosting), 1);
    expect(channels()).toEqual([]);
    expect(bonjour.published[0]?.stopped).toBe(true);
    expect(bonjour.browsers[0]?.stopped).toBe(true);
    expect(bonjour.destroyed).toBe(true);
  });
});

describe('hosting module refusals', () => {
  it('refuses a privileged port before it reaches hosting', async () => {
    const { invoke, sentOn } = await setup();
    await expect(invoke('hosting:start', { port: 80 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(sentOn('hosting:changed')).toEqual([]);
  });
});
