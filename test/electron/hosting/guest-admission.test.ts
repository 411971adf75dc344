/**
 * Hosting is safe by default: through the hosting module and the real embedded server, a LAN guest
 * needs the host's access code and waits for the host's Allow; the app's own loopback window needs
 * neither. The lobby's timer is one the test fires itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTING_CODE_PATTERN, type GuestKnock, type HostingInfo, type IpcEvent } from '../../../common/ipc';
import type { HandshakeRefusal } from '../../../common/signaling/handshake';
import { createGuestAdmission } from '../../../electron/main/hosting/guest-admission';
import { hostingModule } from '../../../electron/main/hosting/hosting-module';
import type { Enabled } from '../../../electron/main/module-runner';
import { createSettings } from '../../../electron/main/settings';
import { createGuestLobby } from '../../../server/src/admission/guest-lobby';
import { createSignalingServer, type SignalingServer } from '../../../server/src/signaling-server';
import { FakeBonjour } from '../support/fake-bonjour';
import { guestCertificate } from '../support/guest-tls';
import { trustedIpc } from '../support/ipc';

const logger = pino({ level: 'silent' });
const LAN = { eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }] };
const running: Enabled[] = [];
const servers: SignalingServer[] = [];
const clients: ClientSocket[] = [];

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  for (const module of running.splice(0)) await module.dispose();
  for (const server of servers.splice(0)) await server.close();
});

async function setup(stored: Record<string, unknown> = {}) {
  const server = createSignalingServer({ host: '127.0.0.1', port: 0, staticDir: null, logger });
  servers.push(server);
  const app = await server.listen();
  const ipc = trustedIpc();
  const backing = new Map<string, unknown>(Object.entries(stored));
  const settings = createSettings({
    get: (key) => backing.get(key),
    set: (key, value) => backing.set(key, value),
  });
  const expire: Array<() => void> = [];
  const lobby = createGuestLobby({
    schedule: (run) => {
      expire.push(run);
      return () => undefined;
    },
  });
  // Resolves once a handshake waits for the host's answer, so a test can change things under it.
  let waited: () => void = () => undefined;
  const waitingForHost = new Promise<void>((resolve) => (waited = resolve));
  const wait = lobby.wait.bind(lobby);
  lobby.wait = (ticket, gone) => {
    const answer = wait(ticket, gone);
    waited();
    return answer;
  };
  const sent: Array<[IpcEvent, unknown]> = [];
  const module = await hostingModule({
    registry: ipc.registry,
    events: { send: (event, payload) => void sent.push([event, payload]) },
    server,
    certificateDir: '/nonexistent',
    admission: { lobby, loadCertificate: () => guestCertificate() },
    bonjour: new FakeBonjour(),
    lan: { instanceName: 'Nearcast-self', displayName: 'This computer' },
    version: '0.1.0',
    listenHost: '127.0.0.1',
    settings,
    networkInterfaces: () => LAN as never,
    makeQrCode: (url) => Promise.resolve(`qr:${url}`),
    logger,
  }).enable();
  running.push(module);
  const knocks = () =>
    sent.filter(([event]) => event === 'hosting:knocks-changed').map(([, knocks]) => knocks as GuestKnock[]);
  const start = async (): Promise<HostingInfo> => {
    const started = (await ipc.invoke('hosting:start', {})) as { ok: true; data: HostingInfo };
    return started.data;
  };
  return { ...ipc, appUrl: app.url, backing, expire, knocks, start, waitingForHost };
}

type Outcome = { connected: ClientSocket } | { refused: HandshakeRefusal };

/** One handshake: connected, or the refusal the server sent (Socket.IO does not retry after it). */
function attempt(url: string, auth: Record<string, unknown>): Promise<Outcome> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    rejectUnauthorized: false,
    auth,
  });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ connected: socket }));
    socket.once('connect_error', (error: Error & { data?: HandshakeRefusal }) =>
      error.data ? resolve({ refused: error.data }) : reject(error),
    );
  });
}

function refusedCode(outcome: Outcome): string | null {
  return 'refused' in outcome ? outcome.refused.code : null;
}

describe('a host', () => {
  it('asks for its generated code from LAN guests only, and puts it in the QR link', async () => {
    const { appUrl, start, backing } = await setup({ hostingApproval: false });
    const info = await start();
    const code = backing.get('hostingAccessCode') as string;
    expect(code).toMatch(HOSTING_CODE_PATTERN);
    expect(info).toMatchObject({ accessCode: code, approval: false });
    expect(info.joinUrl).toBe(`https://192.168.1.20:${info.port}/#code=${code}`);
    expect(info.qrDataUrl).toBe(`qr:${info.joinUrl}`);
    const lan = `https://127.0.0.1:${info.port}/`;
    expect(refusedCode(await attempt(lan, {}))).toBe('ACCESS_DENIED');
    expect(refusedCode(await attempt(lan, { accessCode: 'aaaa-bbbb-cccc' }))).toBe('ACCESS_DENIED');
    expect(await attempt(lan, { accessCode: code })).toHaveProperty('connected');
    expect(await attempt(appUrl, {})).toHaveProperty('connected');
  });

  it('keeps the code across restarts, and a new code locks out the old one', async () => {
    const first = await setup({ hostingApproval: false });
    await first.start();
    const kept = first.backing.get('hostingAccessCode');
    const second = await setup({ hostingApproval: false, hostingAccessCode: kept });
    const info = await second.start();
    expect(info.accessCode).toBe(kept);
    const renewed = (await second.invoke('hosting:new-code')) as { ok: true; data: HostingInfo };
    expect(renewed.data.accessCode).not.toBe(kept);
    expect(renewed.data.joinUrl).toContain(`#code=${renewed.data.accessCode}`);
    const lan = `https://127.0.0.1:${info.port}/`;
    expect(refusedCode(await attempt(lan, { accessCode: kept }))).toBe('ACCESS_DENIED');
    expect(await attempt(lan, { accessCode: renewed.data.accessCode })).toHaveProperty('connected');
  });

  it('lets a guest with the code in only once allowed, and again on reconnect without asking', async () => {
    const { start, backing, knocks, invoke } = await setup();
    const info = await start();
    const accessCode = backing.get('hostingAccessCode') as string;
    const lan = `https://127.0.0.1:${info.port}/`;
    const first = await attempt(lan, { accessCode, guestName: 'Ada' });
    if (!('refused' in first)) throw new Error('a guest came in without the host');
    expect(first.refused.code).toBe('WAITING_FOR_HOST');
    const ticket = first.refused.knock;
    expect(knocks().at(-1)).toEqual([{ id: expect.any(Number), name: 'Ada', address: expect.any(String) }]);
    await expect(invoke('hosting:list-knocks')).resolves.toMatchObject({ ok: true, data: [{ name: 'Ada' }] });

    const waiting = attempt(lan, { accessCode, knock: ticket, guestName: 'Ada' });
    const id = knocks().at(-1)?.[0]?.id;
    await expect(invoke('hosting:answer-knock', { id, allow: true })).resolves.toEqual({
      ok: true,
      data: null,
    });
    expect(await waiting).toHaveProperty('connected');
    expect(knocks().at(-1)).toEqual([]);
    expect(await attempt(lan, { accessCode, knock: ticket })).toHaveProperty('connected');
    await expect(invoke('hosting:answer-knock', { id, allow: true })).resolves.toMatchObject({ ok: false });
  });

  it('tells a denied guest so, and does not ask again for the same address', async () => {
    const { start, backing, knocks, invoke } = await setup();
    const info = await start();
    const accessCode = backing.get('hostingAccessCode') as string;
    const lan = `https://127.0.0.1:${info.port}/`;
    const first = await attempt(lan, { accessCode, guestName: 'Mallory' });
    const ticket = 'refused' in first ? first.refused.knock : undefined;
    const waiting = attempt(lan, { accessCode, knock: ticket });
    await invoke('hosting:answer-knock', { id: knocks().at(-1)?.[0]?.id, allow: false });
    expect(refusedCode(await waiting)).toBe('NOT_LET_IN');
    expect(refusedCode(await attempt(lan, { accessCode, guestName: 'Mallory' }))).toBe('NOT_LET_IN');
  });

  it('lets a knock expire, and forgets every knock and ticket when hosting stops', async () => {
    const { start, backing, expire, knocks, invoke } = await setup();
    const info = await start();
    const accessCode = backing.get('hostingAccessCode') as string;
    const lan = `https://127.0.0.1:${info.port}/`;
    const first = await attempt(lan, { accessCode });
    const ticket = 'refused' in first ? first.refused.knock : undefined;
    const waiting = attempt(lan, { accessCode, knock: ticket });
    expire.forEach((run) => run());
    expect(refusedCode(await waiting)).toBe('NOT_LET_IN');
    expect(knocks().at(-1)).toEqual([]);

    const again = await attempt(lan, { accessCode });
    expect(refusedCode(again)).toBe('WAITING_FOR_HOST');
    await invoke('hosting:stop');
    expect(knocks().at(-1)).toEqual([]);
  });

  it('lets the guests already waiting in when the host stops asking', async () => {
    const { start, backing, knocks, invoke, waitingForHost } = await setup();
    const info = await start();
    const accessCode = backing.get('hostingAccessCode') as string;
    const lan = `https://127.0.0.1:${info.port}/`;
    const first = await attempt(lan, { accessCode, guestName: 'Ada' });
    const ticket = 'refused' in first ? first.refused.knock : undefined;
    const waiting = attempt(lan, { accessCode, knock: ticket, guestName: 'Ada' });
    await waitingForHost;
    expect(knocks().at(-1)).toMatchObject([{ name: 'Ada' }]);

    await invoke('hosting:set-admission', { requireCode: true, approval: false });
    expect(await waiting).toHaveProperty('connected');
    expect(knocks().at(-1)).toEqual([]);
  });

  it('does not let a guest who knocked without a code in when the host turns the code on', async () => {
    const { start, knocks, invoke, waitingForHost } = await setup({ hostingRequireCode: false });
    const info = await start();
    const lan = `https://127.0.0.1:${info.port}/`;
    const first = await attempt(lan, { guestName: 'Eve' });
    const ticket = 'refused' in first ? first.refused.knock : undefined;
    expect(ticket).toBeDefined();
    const waiting = attempt(lan, { knock: ticket, guestName: 'Eve' });
    await waitingForHost;

    await invoke('hosting:set-admission', { requireCode: true, approval: false });
    expect(refusedCode(await waiting)).not.toBeNull();
    expect(knocks().at(-1)).toEqual([]);
    expect(refusedCode(await attempt(lan, { knock: ticket }))).toBe('ACCESS_DENIED');
  });

  it('lets nobody in unasked when approval is on, and everyone with the code when it is off', async () => {
    const { start, invoke, backing } = await setup();
    await expect(invoke('hosting:get-admission')).resolves.toEqual({
      ok: true,
      data: { requireCode: true, approval: true },
    });
    const info = await start();
    const lan = `https://127.0.0.1:${info.port}/`;
    const accessCode = backing.get('hostingAccessCode') as string;
    expect(refusedCode(await attempt(lan, { accessCode, knock: 'A'.repeat(24) }))).toBe('NOT_LET_IN');

    await invoke('hosting:set-admission', { requireCode: false, approval: false });
    expect(backing.get('hostingApproval')).toBe(false);
    expect(await attempt(lan, {})).toHaveProperty('connected');
    await expect(invoke('hosting:status')).resolves.toMatchObject({
      data: { accessCode: null, approval: false, joinUrl: `https://192.168.1.20:${info.port}/` },
    });
  });
});

describe('the guests certificate', () => {
  it('is made once in the data folder and kept across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nearcast-hosting-'));
    const settings = createSettings({ get: () => undefined, set: () => undefined });
    const first = await createGuestAdmission({
      settings,
      certificateDir: dir,
      addresses: () => [],
    }).certificate();
    const again = await createGuestAdmission({
      settings,
      certificateDir: dir,
      addresses: () => [],
    }).certificate();
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, fingerprint256: first.fingerprint256 });
  });
});
