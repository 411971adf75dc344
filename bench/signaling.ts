/**
 * `npm run bench:signaling` — Nearcast's signaling relay next to the PeerJS server (npm `peer`), in the
 * same run, same machine, same load: N sockets in pairs, each pair ping-pongs offer/answer-sized
 * messages through the server R times (one message in flight per pair). Prints relay latency p50/p99
 * (sender to receiver, both clients in this process), messages/s, and the server process's resident
 * memory per connection (Linux /proc). Each server runs in its own process on 127.0.0.1.
 * Options: --sockets N (default 5000, even), --rounds N (default 20), --sdp BYTES (default 3000),
 * --profile DIR (V8 CPU profiles of both servers, for finding hot spots).
 * Needs ~2N file descriptors here and N in each server: the npm script raises `ulimit -n` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io as connectSocket, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { freePort } from '../test/support/ports';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '20' },
    sdp: { type: 'string', default: '3000' },
    /** Folder for a V8 CPU profile of the Nearcast server (written when it stops). */
    profile: { type: 'string' },
  },
});
const SOCKETS = Math.max(2, Math.floor(Number(values.sockets) / 2) * 2);
const ROUNDS = Number(values.rounds);
const SDP_BYTES = Number(values.sdp);
const PHASE_MS = 180_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  kibPerConnection: number;
  connectMs: number;
  /** Server CPU time (user + system) per 1000 relayed messages: the server's cost without the clients'. */
  cpuMsPer1000: number;
}

/** CPU time a process used so far, in ms (Linux /proc; clock ticks are 100 Hz there). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in KiB, from /proc (Linux only; 0 elsewhere). */
function rssKib(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function startProcess(
  args: string[],
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = ready.exec(out);
    if (match) return { child, match };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` connects, at most `width` at a time. */
async function inBatches<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let i = 0; i < count; i += width) {
    made.push(
      ...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => make(i + j)))),
    );
  }
  return made;
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took over ${PHASE_MS} ms`)), PHASE_MS),
    ),
  ]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The transport-specific part: connect one client, send to a peer, subscribe to arrivals. */
interface Driver {
  connect(i: number): Promise<{
    id: string;
    send(to: string, body: string): void;
    onMessage(cb: (from: string, body: string) => void): void;
    close(): void;
  }>;
  /** Called once all clients exist: Nearcast pairs them into rooms, PeerJS needs nothing. */
  pair?(clients: { id: string }[]): Promise<void>;
}

async function measure(pid: number | undefined, driver: Driver): Promise<Figures> {
  await sleep(1_000);
  const idle = rssKib(pid);
  const connectStart = performance.now();
  const clients = await within(
    inBatches(SOCKETS, 250, (i) => driver.connect(i)),
    'connecting',
  );
  await within(driver.pair?.(clients) ?? Promise.resolve(), 'pairing');
  const connectMs = performance.now() - connectStart;
  await sleep(1_000);
  const kibPerConnection = (rssKib(pid) - idle) / SOCKETS;

  const pad = 'x'.repeat(SDP_BYTES);
  const latencies: number[] = [];
  const cpuBefore = cpuMs(pid);
  const start = performance.now();
  const done = clients.map((_, i) => {
    if (i % 2 === 1) return Promise.resolve();
    const a = clients[i];
    const b = clients[i + 1];
    if (!a || !b) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let rounds = 0;
      const arrived = (reply: () => void) => (_from: string, body: string) => {
        latencies.push(performance.now() - Number(body.slice(0, body.indexOf('|'))));
        reply();
      };
      b.onMessage(arrived(() => b.send(a.id, `${performance.now()}|${pad}`)));
      a.onMessage(
        arrived(() => {
          rounds += 1;
          if (rounds >= ROUNDS) resolve();
          else a.send(b.id, `${performance.now()}|${pad}`);
        }),
      );
      a.send(b.id, `${performance.now()}|${pad}`);
    });
  });
  await within(Promise.all(done), 'relaying');
  const elapsed = performance.now() - start;
  const cpuUsed = cpuMs(pid) - cpuBefore;
  for (const client of clients) client.close();
  latencies.sort((x, y) => x - y);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: latencies.length / (elapsed / 1000),
    kibPerConnection,
    connectMs,
    cpuMsPer1000: (cpuUsed / latencies.length) * 1000,
  };
}

async function nearcast(): Promise<Figures> {
  const { child, match } = await startProcess(
    [
      'server/src/cli.ts',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--log-level',
      'silent',
      '--rate-limit',
      '10000',
    ],
    /listening on (http:\/\/\S+\/)/,
  );
  const url = match[1] ?? '';
  try {
    const sockets: Socket[] = [];
    return await measure(child.pid, {
      async connect() {
        const socket = connectSocket(url, { transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        return {
          id: socket.id ?? '',
          send: (to, body) =>
            void socket.emit(
              'signal',
              { to, data: { kind: 'description', description: { type: 'offer', sdp: body } } },
              () => undefined,
            ),
          onMessage: (cb) =>
            void socket.on('signal', (s: { from: string; data: { description: { sdp: string } } }) =>
              cb(s.from, s.data.description.sdp),
            ),
          close: () => void socket.disconnect(),
        };
      },
      async pair() {
        await inBatches(sockets.length, 500, async (i) => {
          const room = `bench-${Math.floor(i / 2)}`;
          await sockets[i]?.timeout(30_000).emitWithAck('room:join', { room, name: `P${i}` });
        });
      },
    });
  } finally {
    await stop(child);
  }
}

async function peerjs(): Promise<Figures> {
  const port = await freePort();
  const { child } = await startProcess(['bench/signaling-peerjs-server.ts', String(port)], /port \d+/);
  try {
    return await measure(child.pid, {
      async connect(i) {
        const id = `bench-${i}-${Math.random().toString(36).slice(2, 8)}`;
        const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t${i}`);
        const listeners: ((from: string, body: string) => void)[] = [];
        await new Promise<void>((resolve, reject) => {
          ws.on('message', (raw: WebSocket.RawData) => {
            const message = JSON.parse(String(raw)) as {
              type: string;
              src?: string;
              payload?: { sdp: string };
            };
            if (message.type === 'OPEN') resolve();
            else if (message.type === 'OFFER' && message.src && message.payload) {
              for (const listener of listeners) listener(message.src, message.payload.sdp);
            }
          });
          ws.once('error', reject);
        });
        return {
          id,
          send: (dst, body) =>
            ws.send(JSON.stringify({ type: 'OFFER', dst, payload: { type: 'offer', sdp: body } })),
          onMessage: (cb) => void listeners.push(cb),
          close: () => ws.close(),
        };
      },
    });
  } finally {
    await stop(child);
  }
}

function row(name: string, f: Figures): string {
  return [
    name.padEnd(9),
    `${f.p50.toFixed(2)} ms`.padStart(10),
    `${f.p99.toFixed(2)} ms`.padStart(10),
    `${Math.round(f.perSecond)}`.padStart(10),
    `${f.kibPerConnection.toFixed(1)} KiB`.padStart(12),
    `${(f.connectMs / 1000).toFixed(1)} s`.padStart(9),
    `${f.cpuMsPer1000.toFixed(0)} ms`.padStart(14),
  ].join(' ');
}

const nearcastFigures = await nearcast();
const peerjsFigures = await peerjs();
process.stdout.write(
  `${SOCKETS} sockets in ${SOCKETS / 2} pairs, ${ROUNDS} round trips each, ${SDP_BYTES}-byte payloads\n` +
    `server    relay p50  relay p99     msgs/s  memory/conn   connect  server CPU/1k\n` +
    `${row('Nearcast', nearcastFigures)}\n${row('PeerJS', peerjsFigures)}\n`,
);
