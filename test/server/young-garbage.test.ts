/**
 * What a relayed message leaves behind in the server: nothing that outlives V8's young-generation
 * collections, even on connections quiet for long enough that their per-connection arrays were promoted
 * to the old generation. A message kept alive that way is promoted itself and waits for a full
 * collection, and with thousands of sockets those full collections set the relay's latency tail
 * (docs/PERFORMANCE.md, "Messages that die young"). Two such arrays are covered: `ws`'s per-message
 * fragments, which hold the bytes read from the socket (patches/ws+8.23.0.patch), and Engine.IO's
 * flushed write buffer, which holds the encoded packet (server/src/transport/write-buffers.ts).
 *
 * Collections are forced (`gc`, exposed at run time), so the figures do not depend on timing: a young
 * collection frees a dead payload, or it does not.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_SDP_LENGTH } from '../../common/limits';
import type { RelayedSignal } from '../../common/signaling/signal';
import { offer, raw, useHarness, waitFor, type Client } from './helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'major' | 'minor' }) => void;

const harness = useHarness();

const PAIRS = 24;
/** Near the largest description the server takes, so each retained message is easy to see. */
const SDP_BYTES = MAX_SDP_LENGTH - 1024;

function oldSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
}

/** Lets sockets and timers settle between forced collections. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

async function relayAll(pairs: Array<[Client, Client]>, sdp: string): Promise<void> {
  const arrivals = pairs.map(([, to]) => waitFor<RelayedSignal>(to, 'signal'));
  for (const [from, to] of pairs) raw(from).emit('signal', { to: to.id, data: offer(sdp) });
  await Promise.all(arrivals);
}

describe('a relayed message on a quiet connection', () => {
  it('is collected by young-generation collections once delivered: no bytes read, no packet written', async () => {
    const { address } = await harness.start();
    const pairs: Array<[Client, Client]> = [];
    for (let i = 0; i < PAIRS; i++) {
      const a = await harness.joined(address, `room-${i}`, 'Ada');
      const b = await harness.joined(address, `room-${i}`, 'Bob');
      pairs.push([a.client, b.client]);
    }
    // Every connection has read and written a message, then sat through collections: whatever it keeps
    // per connection is now in the old generation, as on a server whose sockets talk every few seconds.
    await relayAll(pairs, 'v=0\r\n');
    let fullCollections = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullCollections++;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      // A full collection that V8 starts on its own in the middle would free everything and hide a
      // leak: such an attempt does not count, and the next one is measured.
      for (let attempt = 1; ; attempt++) {
        for (let i = 0; i < 2; i++) {
          gc({ type: 'major' });
          await tick();
        }
        fullCollections = 0;
        const readBefore = process.memoryUsage().arrayBuffers;
        const oldBefore = oldSpaceBytes();

        await relayAll(pairs, `v=0\r\n${'a'.repeat(SDP_BYTES)}`);
        for (let i = 0; i < 3; i++) {
          gc({ type: 'minor' });
          await tick();
        }
        if (fullCollections > 0 && attempt < 5) continue;
        expect(fullCollections).toBe(0);

        // Without the fixes, each relayed message keeps its read bytes (about 47 KiB of ArrayBuffer) and
        // its encoded packet (about 47 KiB of string, promoted): over a megabyte each for 24 messages.
        expect(process.memoryUsage().arrayBuffers - readBefore).toBeLessThan((PAIRS * SDP_BYTES) / 2);
        expect(oldSpaceBytes() - oldBefore).toBeLessThan((PAIRS * SDP_BYTES) / 2);
        return;
      }
    } finally {
      observer.disconnect();
    }
  });
});
