/**
 * The worker closes every socket of the unit before it says it has closed, and the host ends its
 * thread (server/src/unit/werift-queue.ts: a datagram read while a thread ends aborts the process).
 * The sockets are werift's, opened as the unit's engine opens them.
 */
import { describe, expect, it } from 'vitest';
import { UdpTransport } from 'werift';
import { closeUnitSockets, openSocketCount } from '../../../server/src/unit/werift-queue';
// The unit's engine, as its worker loads it: werift's sockets are listed as they are bound.
import '../../../server/src/unit/werift-engine';

const isOpen = (transport: UdpTransport) => {
  try {
    transport.socket.address();
    return true;
  } catch {
    return false;
  }
};

describe('the unit’s open sockets', () => {
  it('are all closed at once, and werift closing one of them afterwards still completes', async () => {
    const before = openSocketCount();
    const transports = await Promise.all([UdpTransport.init('udp4'), UdpTransport.init('udp4')]);
    expect(openSocketCount()).toBe(before + 2);
    expect(transports.every(isOpen)).toBe(true);

    await closeUnitSockets();

    expect(transports.some(isOpen)).toBe(false);
    expect(openSocketCount()).toBe(0);
    await expect(Promise.all(transports.map((each) => each.close()))).resolves.toBeDefined();
  });

  it('include a socket werift is still binding when the unit closes', async () => {
    // A member joined just before the room closed: its connection is still gathering.
    const binding = UdpTransport.init('udp4');

    await closeUnitSockets();

    expect(isOpen(await binding)).toBe(false);
    expect(openSocketCount()).toBe(0);
  });

  it('forgets a socket werift closed itself', async () => {
    const transport = await UdpTransport.init('udp4');
    const open = openSocketCount();
    await transport.close();
    expect(openSocketCount()).toBe(open - 1);
  });
});
