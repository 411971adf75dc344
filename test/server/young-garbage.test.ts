/**
 * What a relayed message leaves behind in the server: nothing that outlives V8's young-generation
 * collections, even on connections quiet for long enough that their per-connection arrays were promoted
 * to the old generation. A message kept alive that way is promoted itself and waits for a full
 * collection, and with thousands of sockets those full collections set the relay's latency tail
 * (docs/PERFORMANCE.md, "Messages that die young"). Two such arrays are covered: `ws`'s per-message
 * fragments, which hold the bytes read from the socket (fixed when the server is bundled,
 * patches/ws-fragments.mjs), and Engine.IO's flushed write buffer, which holds the encoded packet
 * (server/src/transport/write-buffers.ts).
 *
 * The server measured is the built one (out/server/cli.js, as a LAN box runs it, `ws` fix included) in
 * its own process, so the clients' garbage does not count. Collections are forced there
 * (test/support/gc-probe.mjs), so the figures do not depend on timing: a young collection frees a dead
 * payload, or it does not.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SDP_LENGTH } from '../../common/limits';
import type { RelayedSignal } from '../../common/signaling/signal';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../support/server-process';
import { offer, raw, useHarness, waitFor, type Client } from './helpers';

const harness = useHarness();
let server: ServerProcess | null = null;
afterEach(async () => {
  await harness.cleanup();
  await server?.stop();
  server = null;
});

const PAIRS = 24;
/** Near the largest description the server takes, so each retained message is easy to see. */
const SDP_BYTES = MAX_SDP_LENGTH - 1024;

interface Growth {
  arrayBuffers: number;
  oldSpace: number;
  fullCollections: number;
}

/** Sends one command to the probe in the server process and waits for its answer. */
function probe<T>(child: ChildProcess, op: 'settle' | 'measure'): Promise<T> {
  return new Promise((resolveAnswer, reject) => {
    child.once('message', (answer) => resolveAnswer(answer as T));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before answering ${op}`)));
    child.send({ op });
  });
}

async function relayAll(pairs: Array<[Client, Client]>, sdp: string): Promise<void> {
  const arrivals = pairs.map(([, to]) => waitFor<RelayedSignal>(to, 'signal'));
  for (const [from, to] of pairs) raw(from).emit('signal', { to: to.id, data: offer(sdp) });
  await Promise.all(arrivals);
}

describe('a relayed message on a quiet connection, in the built server', () => {
  it('is collected by young-generation collections once delivered: no bytes read, no packet written', async () => {
    // 48 clients from loopback: above the per-address default.
    server = await startServerProcess(['--log-level', 'warn', '--connection-limit', '1000'], {
      webClient: false,
      nodeOptions: ['--expose-gc', '--import', resolve(REPO_ROOT, 'test/support/gc-probe.mjs')],
      ipc: true,
    });
    const url = new URL(server.url);
    const address = { url: server.url, host: url.hostname, port: Number(url.port) };
    const pairs: Array<[Client, Client]> = [];
    for (let i = 0; i < PAIRS; i++) {
      const a = await harness.joined(address, `room-${i}`, 'Ada');
      const b = await harness.joined(address, `room-${i}`, 'Bob');
      pairs.push([a.client, b.client]);
    }
    // Every connection has read and written a message, then sat through collections: whatever it keeps
    // per connection is now in the old generation, as on a server whose sockets talk every few seconds.
    await relayAll(pairs, 'v=0\r\n');

    // A full collection that V8 starts on its own in the middle would free everything and hide a leak:
    // such an attempt does not count, and the next one is measured.
    for (let attempt = 1; ; attempt++) {
      await probe(server.child, 'settle');
      await relayAll(pairs, `v=0\r\n${'a'.repeat(SDP_BYTES)}`);
      const growth = await probe<Growth>(server.child, 'measure');
      if (growth.fullCollections > 0 && attempt < 5) continue;
      expect(growth.fullCollections).toBe(0);

      // Without the fixes, each relayed message keeps its read bytes (about 47 KiB of ArrayBuffer) and
      // its encoded packet (about 47 KiB of string, promoted): over a megabyte each for 24 messages.
      expect(growth.arrayBuffers).toBeLessThan((PAIRS * SDP_BYTES) / 2);
      expect(growth.oldSpace).toBeLessThan((PAIRS * SDP_BYTES) / 2);
      return;
    }
  });
});
