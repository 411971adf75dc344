import { createServer as createNetServer, type Server } from 'node:net';
import { pino } from 'pino';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostingStatus } from '../../../common/ipc';
import { createHosting, lanGatewayOf, type Hosting } from '../../../electron/main/hosting/hosting';
import { createSignalingServer, type SignalingServer } from '../../../server/src/signaling-server';
import { guestCertificate } from '../support/guest-tls';

const logger = pino({ level: 'silent' });
const LAN = { eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }] };

let server: SignalingServer;
let hosting: Hosting;
const clients: ClientSocket[] = [];
const blockers: Server[] = [];

async function setup(options: { qr?: (url: string) => Promise<string>; code?: string } = {}) {
  server = createSignalingServer({ host: '127.0.0.1', port: 0, staticDir: null, logger });
  const app = await server.listen();
  const advertiser = { publish: vi.fn(), unpublish: vi.fn(() => Promise.resolve()) };
  hosting = createHosting({
    gateway: lanGatewayOf(server),
    listenHost: '127.0.0.1',
    interfaces: () => LAN as never,
    makeQrCode: options.qr ?? ((url) => Promise.resolve(`data:image/png;base64,QR(${url})`)),
    certificate: guestCertificate,
    admission: () => ({ accessCode: options.code ?? null, approval: false }),
    advertiser,
    logger,
  });
  return { appUrl: app.url, advertiser };
}

function client(url: string): Promise<ClientSocket> {
  // The test certificate is self-signed: accepted here as a guest accepts it after comparing fingerprints.
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    rejectUnauthorized: false,
  });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function occupy(): Promise<number> {
  const blocker = createNetServer();
  blockers.push(blocker);
  return new Promise((resolve) =>
    blocker.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = blocker.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    }),
  );
}

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await hosting?.dispose();
  await server?.close();
  await Promise.all(blockers.splice(0).map((b) => new Promise((resolve) => b.close(resolve))));
});

describe('LAN hosting', () => {
  it('opens a second port that reaches the same signaling server as the app window', async () => {
    const { appUrl, advertiser } = await setup();
    const started = await hosting.start({});
    if (!started.ok) throw new Error(started.error.message);
    expect(started.data.port).toBeGreaterThan(0);
    expect(started.data.urls).toEqual([`https://192.168.1.20:${started.data.port}/`]);
    expect(started.data.qrDataUrl).toBe(
      `data:image/png;base64,QR(https://192.168.1.20:${started.data.port}/)`,
    );
    expect(started.data.fingerprint256).toBe((await guestCertificate()).fingerprint256);
    expect(advertiser.publish).toHaveBeenCalledWith(started.data.port);

    await client(appUrl);
    await client(`https://127.0.0.1:${started.data.port}/`);
    // One server, one set of clients: the guest is visible to the app's own server.
    expect(server.io.sockets.sockets.size).toBe(2);
  });

  it('stopping disconnects LAN guests with a goodbye and keeps the app window connected', async () => {
    const { appUrl, advertiser } = await setup();
    const started = await hosting.start({});
    if (!started.ok) throw new Error(started.error.message);
    const own = await client(appUrl);
    const guest = await client(`https://127.0.0.1:${started.data.port}/`);
    const guestReason = new Promise<string>((resolve) => guest.once('disconnect', resolve));

    await expect(hosting.stop()).resolves.toEqual({ ok: true, data: null });
    await expect(guestReason).resolves.toBe('io server disconnect');
    expect(own.connected).toBe(true);
    expect(advertiser.unpublish).toHaveBeenCalledOnce();
    await expect(client(`https://127.0.0.1:${started.data.port}/`)).rejects.toThrow();
    expect(hosting.status()).toEqual({ active: false });
  });

  it('reports a port in use as a Result with a message naming the port, and stays usable', async () => {
    await setup();
    const taken = await occupy();
    const result = await hosting.start({ port: taken });
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining(`Port ${taken} is already in use`) },
    });
    expect(hosting.status()).toEqual({ active: false });
    const retry = await hosting.start({});
    expect(retry.ok).toBe(true);
  });

  it('uses the saved port when the request names none', async () => {
    server = createSignalingServer({ host: '127.0.0.1', port: 0, staticDir: null, logger });
    await server.listen();
    const taken = await occupy();
    hosting = createHosting({
      gateway: lanGatewayOf(server),
      listenHost: '127.0.0.1',
      defaultPort: () => taken,
      interfaces: () => ({}),
      makeQrCode: () => Promise.resolve('x'),
      certificate: guestCertificate,
      admission: () => ({ accessCode: null, approval: false }),
      logger,
    });
    const result = await hosting.start({});
    expect(result.ok).toBe(false);
  });

  it('tells subscribers about every change and stops telling them after unsubscribing', async () => {
    await setup();
    const seen: HostingStatus[] = [];
    const unsubscribe = hosting.onChanged((status) => seen.push(status));
    await hosting.start({});
    await hosting.stop();
    unsubscribe();
    await hosting.start({});
    expect(seen.map((status) => status.active)).toEqual([true, false]);
  });

  it('still hosts when the QR code cannot be drawn, without one', async () => {
    await setup({ qr: () => Promise.reject(new Error('too long')) });
    const result = await hosting.start({});
    expect(result).toMatchObject({ ok: true, data: { qrDataUrl: '' } });
  });

  it('answers a second start with the running info instead of opening another port', async () => {
    await setup();
    const [first, second] = await Promise.all([hosting.start({}), hosting.start({})]);
    expect(second).toEqual(first);
    const third = await hosting.start({});
    expect(third).toEqual(first);
  });

  it('serves guests HTTPS only: plain HTTP is redirected, and only LAN connections count as guests', async () => {
    const { appUrl } = await setup();
    const started = await hosting.start({});
    if (!started.ok) throw new Error(started.error.message);
    const plain = await fetch(`http://127.0.0.1:${started.data.port}/?room=a`, { redirect: 'manual' });
    expect(plain.status).toBe(307);
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1:${started.data.port}/?room=a`);

    const own = await client(appUrl);
    const guest = await client(`https://127.0.0.1:${started.data.port}/`);
    const connectionOf = (socket: ClientSocket) =>
      server.io.sockets.sockets.get(socket.id ?? '')?.request.socket;
    expect(hosting.isGuest(connectionOf(guest))).toBe(true);
    expect(hosting.isGuest(connectionOf(own))).toBe(false);
  });

  it('puts the access code in the QR link, and refresh() draws it again after the code changed', async () => {
    let code = 'abcd-efgh-jkmn';
    server = createSignalingServer({ host: '127.0.0.1', port: 0, staticDir: null, logger });
    await server.listen();
    hosting = createHosting({
      gateway: lanGatewayOf(server),
      listenHost: '127.0.0.1',
      interfaces: () => LAN as never,
      makeQrCode: (url) => Promise.resolve(`QR(${url})`),
      certificate: guestCertificate,
      admission: () => ({ accessCode: code, approval: true }),
      logger,
    });
    const started = await hosting.start({});
    if (!started.ok) throw new Error(started.error.message);
    const base = `https://192.168.1.20:${started.data.port}/`;
    expect(started.data).toMatchObject({
      urls: [base],
      joinUrl: `${base}#code=abcd-efgh-jkmn`,
      qrDataUrl: `QR(${base}#code=abcd-efgh-jkmn)`,
      accessCode: 'abcd-efgh-jkmn',
      approval: true,
    });
    code = 'pqrs-tuvw-xyz2';
    await hosting.refresh();
    expect(hosting.status()).toMatchObject({ joinUrl: `${base}#code=pqrs-tuvw-xyz2`, accessCode: code });
  });
});
