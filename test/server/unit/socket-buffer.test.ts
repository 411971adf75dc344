/**
 * The unit's UDP sockets hold about a second of its input, so a busy moment of its thread does not
 * drop datagrams (server/src/unit/werift-socket-buffer.ts): on a loaded machine the default buffer
 * overflowed, publishers read the loss in the unit's receiver reports and cut their rate to 30 kbit/s
 * (test/e2e/switch-gap.e2e.ts). The operating system caps what a socket may ask for; on Linux that cap
 * is `net.core.rmem_max`, and the test expects no more than it allows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UdpTransport } from 'werift';
// The unit's engine, as its worker loads it.
import '../../../server/src/unit/werift-engine';

/** A second of two shared screens and their viewers' feedback, in bytes. */
const AT_LEAST = 2 ** 20;

function systemCap(): number {
  const path = '/proc/sys/net/core/rmem_max';
  return existsSync(path) ? Number(readFileSync(path, 'utf8').trim()) : Infinity;
}

describe('the unit’s UDP sockets', () => {
  it('receive into a buffer of at least a second of the unit’s input (as far as the system allows)', async () => {
    const transport = await UdpTransport.init('udp4');
    try {
      expect(transport.socket.getRecvBufferSize()).toBeGreaterThanOrEqual(Math.min(AT_LEAST, systemCap()));
    } finally {
      await transport.close();
    }
  });
});
