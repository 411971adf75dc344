/**
 * `npm run bench:signaling` — Nearcast's signaling relay next to the PeerJS server (npm `peer`) and a
 * bare Socket.IO relay (bench/signaling-socketio-server.ts), in the same run, same machine, same load.
 * Each server is built to JavaScript first and runs alone in its own process on 127.0.0.1 while the
 * clients run in forked worker processes (bench/signaling-clients.ts), identical for all servers
 * except for the wire protocol (the bare relay gets Nearcast's). N sockets in pairs; per server, two
 * phases on the same connections:
 *
 * - closed loop (saturation): each pair ping-pongs R times, one message in flight per pair, so the
 *   faster server is offered more load; its messages/s is the ceiling of server + clients together.
 * - open loop (same load): every server gets the same fixed offered rate (--rate msg/s in total,
 *   spread over all sockets), and latency counts from each message's due time.
 *
 * Prints relay latency p50/p99, messages/s, server memory per connection (VmRSS growth from idle to
 * all connected, / N) and server CPU per 1,000 messages (/proc). Options: --sockets N (default 5000),
 * --rounds R (20), --rate MSGS_PER_S (2000), --seconds S (open-loop length, 15), --sdp BYTES (3000),
 * --workers W (client processes, 4), --sio-client wire|library (the Socket.IO clients: plain ws speaking
 * the wire format, like the PeerJS ones, or socket.io-client; default wire), --signal-ack (Nearcast clients ack every signal, as before
 * ack-less relay existed), --gc (each server's GC pause time, promoted bytes and full collections per
 * phase), --only nearcast|socketio|peerjs (or a comma list), --profile DIR (V8 CPU profiles of the
 * Nearcast server and the bare relay, in DIR/nearcast and DIR/socketio), --baseline-ws published|patched
 * (the `ws` under the two baselines: as published on npm, what their users run, by default; or the copy
 * Nearcast bundles, changed by patches/ws-fragments.mjs, to compare the servers on equal footing).
 * Needs ~N/W file descriptors per worker and N per server: the npm script raises `ulimit -n` first.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freePort } from '../test/support/ports';
import type { BenchCommand, PhaseCosts, WorkerReply, WorkerSetup } from './signaling-ipc';
import {
  cpuMs,
  gcNote,
  percentile,
  ROOT,
  rssKib,
  sleep,
  startProcess,
  stop,
  type GcEvent,
} from './signaling-procs';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '20' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '15' },
    sdp: { type: 'string', default: '3000' },
    workers: { type: 'string', default: '4' },
    'signal-ack': { type: 'boolean', default: false },
    only: { type: 'string' },
    /** Folder for V8 CPU profiles of the Nearcast server and the bare relay (written when they stop). */
    profile: { type: 'string' },
    /** Each server's GC pauses and promotion per phase (V8's --trace-gc-nvp), in the notes. */
    gc: { type: 'boolean', default: false },
    /** Socket.IO clients: `wire` (plain ws speaking the wire format, like the PeerJS ones) or `library`. */
    'sio-client': { type: 'string', default: 'wire' },
    /** The baselines' `ws`: `published` (npm's, as their users run it) or `patched` (Nearcast's). */
    'baseline-ws': { type: 'string', default: 'published' },
  },
});
if (!['published', 'patched'].includes(values['baseline-ws'])) {
  throw new Error('--baseline-ws is published or patched');
}
const PUBLISHED_WS = values['baseline-ws'] === 'published';
if (!['wire', 'library'].includes(values['sio-client'])) throw new Error('--sio-client is wire or library');
const WIRE = values['sio-client'] === 'wire';
const WORKERS = Math.max(1, Number(values.workers));
const SOCKETS = Math.max(2 * WORKERS, Math.floor(Number(values.sockets) / (2 * WORKERS)) * 2 * WORKERS);
const ROUNDS = Number(values.rounds);
const RATE = Number(values.rate);
const OPEN_MS = Number(values.seconds) * 1000;
const WARMUP_MS = 2_000;
const SDP_BYTES = Number(values.sdp);
const PHASE_MS = 300_000;

interface Row {
  server: string;
  phase: string;
  p50: number;
  p99: number;
  perSecond: number;
  cpuMsPer1000: number;
  note: string;
}

/** A forked client worker and a way to send it one command and await its reply. */
class Worker {
  readonly #child: ChildProcess;
  #waiting: ((reply: WorkerReply) => void) | null = null;
  readonly ready: Promise<WorkerReply>;

  constructor(setup: WorkerSetup) {
    this.#child = fork(`${ROOT}bench/signaling-clients.ts`, [JSON.stringify(setup)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve) => (this.#waiting = resolve));
    this.#child.on('message', (reply: WorkerReply) => {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.(reply);
    });
  }

  async run(command: BenchCommand): Promise<WorkerReply> {
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      this.#waiting = resolve;
      setTimeout(() => reject(new Error(`${command.cmd} took over ${PHASE_MS} ms`)), PHASE_MS).unref();
    });
    this.#child.send(command);
    const answer = await reply;
    if (answer.done === 'error') throw new Error(`client worker failed: ${answer.message}`);
    return answer;
  }

  async exit(): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.run({ cmd: 'exit' }).catch(() => undefined);
    await exited;
  }
}

/** Client CPU per 1,000 messages (all workers) and sockets the server dropped. */
function costNote(results: PhaseCosts[], messages: number): string {
  const cpu = results.reduce((n, r) => n + r.clientCpuMs, 0);
  const dropped = results.reduce((n, r) => n + r.disconnects, 0);
  const stall = Math.max(...results.map((r) => r.loopDelayMaxMs));
  return (
    `clients ${((cpu / messages) * 1000).toFixed(0)} ms CPU/1k, longest client stall ${stall.toFixed(0)} ms` +
    `${dropped ? `, ${dropped} sockets dropped` : ''}`
  );
}

/** Both phases against one running server, with W fresh client workers. */
async function measure(
  name: string,
  pid: number | undefined,
  base: Omit<WorkerSetup, 'first' | 'count'>,
  gcEvents: GcEvent[],
) {
  const gc = (from: number) => (values.gc ? `, ${gcNote(gcEvents, from, performance.now())}` : '');
  const perWorker = SOCKETS / WORKERS;
  const workers = Array.from(
    { length: WORKERS },
    (_, w) => new Worker({ ...base, first: w * perWorker, count: perWorker }),
  );
  const all = (command: BenchCommand) => Promise.all(workers.map((w) => w.run(command)));
  try {
    await Promise.all(workers.map((w) => w.ready));
    await sleep(1_000);
    const idle = rssKib(pid);
    let start = performance.now();
    await all({ cmd: 'connect' });
    const connectMs = performance.now() - start;
    await sleep(2_000);
    const kibPerConnection = (rssKib(pid) - idle) / SOCKETS;
    const rows: Row[] = [];

    let cpu = cpuMs(pid);
    start = performance.now();
    const closed = await all({ cmd: 'closed', rounds: ROUNDS });
    const elapsed = performance.now() - start;
    const closedResults = closed.flatMap((r) => (r.done === 'closed' ? [r] : []));
    const closedLatencies = closedResults.flatMap((r) => r.latencies);
    const unfinished = closedResults.reduce((n, r) => n + r.unfinishedPairs, 0);
    rows.push(
      row(
        name,
        'closed loop',
        closedLatencies,
        closedLatencies.length / (elapsed / 1000),
        cpu,
        `${unfinished ? `${unfinished} pairs unfinished, ` : ''}${costNote(closedResults, closedLatencies.length)}${gc(start)}`,
      ),
    );

    await sleep(1_000);
    cpu = cpuMs(pid);
    start = performance.now();
    const open = await all({
      cmd: 'open',
      perSecond: RATE / WORKERS,
      durationMs: OPEN_MS,
      warmupMs: WARMUP_MS,
    });
    const openElapsed = performance.now() - start;
    const results = open.flatMap((r) => (r.done === 'open' ? [r] : []));
    const sent = results.reduce((n, r) => n + r.sent, 0);
    const received = results.reduce((n, r) => n + r.received, 0);
    const lag = Math.max(...results.map((r) => r.sendLagMaxMs));
    const latencies = results.flatMap((r) => r.latencies);
    const note = `${sent - received} lost, send lag max ${lag.toFixed(0)} ms, ${costNote(results, received)}${gc(start)}`;
    rows.push(row(name, `open ${RATE}/s`, latencies, received / (openElapsed / 1000), cpu, note, received));
    return { rows, kibPerConnection, connectMs };

    function row(
      server: string,
      phase: string,
      sample: number[],
      perSecond: number,
      cpuBefore: number,
      note: string,
      messages = sample.length,
    ): Row {
      sample.sort((x, y) => x - y);
      const cpuMsPer1000 = ((cpuMs(pid) - cpuBefore) / messages) * 1000;
      return {
        server,
        phase,
        p50: percentile(sample, 50),
        p99: percentile(sample, 99),
        perSecond,
        cpuMsPer1000,
        note,
      };
    }
  } finally {
    await Promise.all(workers.map((w) => w.exit()));
  }
}

async function nearcast() {
  const { child, match, gcEvents } = await startProcess(
    [
      'out/server/cli.js',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--log-level',
      'silent',
      '--rate-limit',
      '10000',
      // Every bench client connects from loopback.
      '--connection-limit',
      '10000',
    ],
    /listening on (http:\/\/\S+\/)/,
    { profileDir: values.profile && `${values.profile}/nearcast`, gc: values.gc },
  );
  try {
    const url = match[1] ?? '';
    return await measure(
      'Nearcast',
      child.pid,
      { kind: 'nearcast', url, sdpBytes: SDP_BYTES, signalAck: values['signal-ack'], wire: WIRE },
      gcEvents,
    );
  } finally {
    await stop(child);
  }
}

async function bareSocketIo() {
  const { child, match, gcEvents } = await startProcess(
    ['out/bench/signaling-socketio-server.js'],
    /listening on (http:\/\/\S+\/)/,
    { profileDir: values.profile && `${values.profile}/socketio`, gc: values.gc },
  );
  try {
    const url = match[1] ?? '';
    const setup = { kind: 'nearcast', url, sdpBytes: SDP_BYTES, signalAck: false, wire: WIRE } as const;
    return await measure('Socket.IO', child.pid, setup, gcEvents);
  } finally {
    await stop(child);
  }
}

async function peerjs() {
  const port = await freePort();
  const { child, gcEvents } = await startProcess(
    ['out/bench/signaling-peerjs-server.js', String(port)],
    /port \d+/,
    {
      gc: values.gc,
    },
  );
  try {
    const url = `ws://127.0.0.1:${port}/`;
    const setup = { kind: 'peerjs', url, sdpBytes: SDP_BYTES, signalAck: false, wire: false } as const;
    return await measure('PeerJS', child.pid, setup, gcEvents);
  } finally {
    await stop(child);
  }
}

/**
 * Every server runs as plain JavaScript, as a LAN box runs Nearcast's (`npm run server`): Nearcast's
 * built by `npm run build:server`, the two baselines by the same script into out/bench, bundled with
 * the published `ws` unless --baseline-ws patched.
 */
function buildServers(): void {
  const builds = [
    ['scripts/build-server.mjs'],
    [
      'scripts/build-server.mjs',
      '--outdir',
      'out/bench',
      ...(PUBLISHED_WS ? ['--published-ws'] : []),
      'bench/signaling-socketio-server.ts',
      'bench/signaling-peerjs-server.ts',
    ],
  ];
  for (const args of builds) {
    const built = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error(`could not build the servers: node ${args.join(' ')}`);
  }
}

buildServers();
const only = new Set((values.only ?? 'nearcast,socketio,peerjs').split(','));
const runs = [];
if (only.has('nearcast')) runs.push(await nearcast());
if (only.has('socketio')) runs.push(await bareSocketIo());
if (only.has('peerjs')) runs.push(await peerjs());

const ms = (n: number) => `${n.toFixed(1)} ms`;
process.stdout.write(
  `${SOCKETS} sockets in ${SOCKETS / 2} pairs, ${WORKERS} client processes, ${SDP_BYTES}-byte payloads; ` +
    `closed loop ${ROUNDS} round trips per pair; open loop ${RATE} msg/s for ${OPEN_MS / 1000} s ` +
    `(first ${WARMUP_MS / 1000} s not counted)` +
    `${values['signal-ack'] ? '; Nearcast clients ack every signal' : ''}` +
    `; Socket.IO clients: ${WIRE ? 'plain ws speaking the wire format' : 'socket.io-client'}` +
    `; baselines on ${PUBLISHED_WS ? 'ws as published' : "Nearcast's patched ws"}\n` +
    `server    phase             relay p50  relay p99     msgs/s  server CPU/1k  memory/conn  connect  notes\n`,
);
for (const run of runs) {
  for (const r of run.rows) {
    process.stdout.write(
      [
        r.server.padEnd(9),
        r.phase.padEnd(16),
        ms(r.p50).padStart(10),
        ms(r.p99).padStart(10),
        `${Math.round(r.perSecond)}`.padStart(10),
        `${r.cpuMsPer1000.toFixed(0)} ms`.padStart(14),
        `${run.kibPerConnection.toFixed(1)} KiB`.padStart(12),
        `${(run.connectMs / 1000).toFixed(1)} s`.padStart(8),
        ` ${r.note}`,
      ].join(' ') + '\n',
    );
  }
}
