/**
 * One client address holds at most `connectionsPerAddress` connections: the next handshake is refused
 * with TOO_MANY_CONNECTIONS (the handshake-refusal contract) and counted, and a closed connection
 * frees its slot.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../common/result';
import { useHarness } from './helpers';

const harness = useHarness();

describe('connections per address', () => {
  it('refuses the connection over the quota at the handshake, and a closed one frees a slot', async () => {
    const { server, address } = await harness.start({ limits: { connectionsPerAddress: 3 } });
    const held = await Promise.all([1, 2, 3].map(() => harness.connect(address)));

    const refused = await harness.refused(address);
    expect(refused.message).toBe('TOO_MANY_CONNECTIONS');
    expect(refused.data).toEqual({
      code: 'TOO_MANY_CONNECTIONS',
      message: ERROR_MESSAGES.TOO_MANY_CONNECTIONS,
    });
    const metrics = await (await fetch(new URL('/metrics', address.url))).text();
    expect(metrics).toContain('nearcast_connections_refused_total{reason="too_many_connections"} 1');

    held[0]?.disconnect();
    await expect.poll(() => server.stats().sockets).toBe(2);
    await expect(harness.connect(address)).resolves.toMatchObject({ connected: true });
  });
});
