import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import {
  embeddedServerModule,
  type CreateServer,
  type CreateUnit,
} from '../../electron/main/embedded-server';
import { FakeForwardingUnit } from '../fakes/forwarding-unit';

const SERVER_URL = 'http://127.0.0.1:43210/';

function setup(rendererUrl?: string, createUnit?: CreateUnit) {
  const server = {
    listen: vi.fn(() => Promise.resolve({ url: SERVER_URL })),
    close: vi.fn(() => Promise.resolve()),
    httpServer: new EventEmitter(),
    io: { sockets: { sockets: new Map() } },
    setGuestGate: vi.fn(),
  };
  const createServer = vi.fn<CreateServer>(() => server);
  const module = embeddedServerModule({
    createServer,
    staticDir: '/app/out/renderer',
    rendererUrl,
    createUnit,
    logger: pino({ level: 'silent' }),
  });
  return { server, createServer, module };
}

describe('embedded server module', () => {
  it('listens on a free loopback port, serving the built renderer, and trusts the app scheme', async () => {
    const { createServer, module } = setup();
    const running = await module.enable();
    expect(createServer.mock.calls[0]?.[0]).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      staticDir: '/app/out/renderer',
      allowedOrigins: ['nearcast-app://app'],
    });
    expect(running).toMatchObject({
      url: SERVER_URL,
      pageUrl: 'nearcast-app://app/',
      trustedOrigin: 'nearcast-app://app',
      signalingOrigin: 'http://127.0.0.1:43210',
    });
  });

  it('trusts the dev server in development, and still signals through the embedded one', async () => {
    const running = await setup('http://localhost:5173').module.enable();
    expect(running).toMatchObject({
      pageUrl: 'http://localhost:5173',
      trustedOrigin: 'http://localhost:5173',
      signalingOrigin: 'http://127.0.0.1:43210',
    });
  });

  it('closes the server and refuses to start when the page URL has no origin to trust', async () => {
    const { server, module } = setup('file:///app/index.html');
    await expect(module.enable()).rejects.toMatchObject({ code: 'BAD_RENDERER_URL' });
    expect(server.close).toHaveBeenCalledOnce();
  });

  it('closes the server on dispose', async () => {
    const { server, module } = setup();
    const running = await module.enable();
    expect(server.close).not.toHaveBeenCalled();
    await running.dispose();
    expect(server.close).toHaveBeenCalledOnce();
  });
});

describe('the forwarding unit of the embedded server', () => {
  it('starts before the server, which gets it; its fingerprint is kept for the hosting panel', async () => {
    const unit = new FakeForwardingUnit();
    const { createServer, module } = setup(undefined, () => Promise.resolve(unit));

    const running = await module.enable();

    expect(createServer.mock.calls[0]?.[0].forwarding).toEqual({ unit });
    expect(running.unitFingerprint).toBe(unit.fingerprint);
  });

  it('closes after the server on dispose, so every member has left its rooms first', async () => {
    const unit = new FakeForwardingUnit();
    const { server, module } = setup(undefined, () => Promise.resolve(unit));
    const running = await module.enable();
    const order: string[] = [];
    server.close.mockImplementation(() => {
      order.push(`server closed, unit closed: ${String(unit.closed)}`);
      return Promise.resolve();
    });

    await running.dispose();

    expect(order).toEqual(['server closed, unit closed: false']);
    expect(unit.closed).toBe(true);
  });

  it('leaves every room a mesh when the unit cannot start, and the app starts all the same', async () => {
    const { createServer, module } = setup(undefined, () => Promise.reject(new Error('no worker file')));

    const running = await module.enable();

    expect(createServer.mock.calls[0]?.[0].forwarding).toEqual({ unit: null });
    expect(running.unitFingerprint).toBeNull();
  });

  it('is closed when the server cannot listen', async () => {
    const unit = new FakeForwardingUnit();
    const { server, module } = setup(undefined, () => Promise.resolve(unit));
    server.listen.mockRejectedValueOnce(Object.assign(new Error('taken'), { code: 'EADDRINUSE' }));

    await expect(module.enable()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(unit.closed).toBe(true);
  });
});
