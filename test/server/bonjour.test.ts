/**
 * mDNS must never take Nearcast down: when its port cannot be bound (another program holds 5353
 * alone, or the system refuses it), the desktop app and the server go on without discovery and say
 * so in the log. The real bonjour-service, bound to loopback with multicast off, so nothing leaves
 * this machine.
 */
import { createSocket, type Socket } from 'node:dgram';
import { Bonjour } from 'bonjour-service';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openBonjour } from '../../server/src/cli/bonjour';

const opened: Array<{ destroy(): void }> = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const bonjour of opened.splice(0)) bonjour.destroy();
  for (const socket of sockets.splice(0)) socket.close();
});

/** A UDP port on loopback held without SO_REUSEADDR, so nobody else can bind it. */
async function heldPort(): Promise<number> {
  const socket = createSocket({ type: 'udp4', reuseAddr: false });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

describe('mDNS', () => {
  it('logs, and does not throw, when its port is already held', async () => {
    const port = await heldPort();
    const warnings: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const bonjour = openBonjour(Bonjour, logger, { port, bind: '127.0.0.1', multicast: false });
    opened.push(bonjour);
    await expect
      .poll(() => warnings, { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/^mDNS is unavailable/) }));
  });
});
