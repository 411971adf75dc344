/**
 * `npm run bench:engines`: werift against node-datachannel as the forwarding unit's engine. For each
 * engine and number of viewers, a minimal forwarder runs in its own process (its CPU read from /proc),
 * fed by one synthetic VP8 publisher (2.5 Mbit/s, 30 fps) and read by N light receivers; a further
 * receiver gets the same stream straight from the publisher, at the same time, as the baseline for the
 * delay the forwarder adds. Prints a Markdown table. Options: `--viewers 1,10,30 --seconds 10
 * --warmup 5 --engines werift,node-datachannel`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import nodeDataChannel from 'node-datachannel';
import { Publisher, Receiver } from './load';
import { ENGINES, type EngineName, type ForwarderCounts, type Reply, type RequestBody } from './protocol';
import { formatReport, type Point } from './report';
import { STREAM } from './rtp';

const { values } = parseArgs({
  options: {
    viewers: { type: 'string', default: '1,10,30' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    engines: { type: 'string', default: ENGINES.join(',') },
  },
});
const viewerCounts = values.viewers.split(',').map(Number);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const engines = values.engines.split(',') as EngineName[];

/** User plus system CPU seconds of a process so far (all threads), and its resident memory in MB. */
function usage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return { cpu: (Number(fields[11]) + Number(fields[12])) / 100, rssMb: rssKb / 1024 };
}

/** The forwarder's process, spoken to with requests that each get one reply. */
class ForwarderProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private seq = 0;
  readonly ready: Promise<void>;

  constructor(engine: EngineName) {
    this.child = fork(new URL('./forwarder.ts', import.meta.url), [engine], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`forwarder exited with ${code}`)));
      this.child.on('message', (reply: Reply) => {
        if ('ready' in reply) resolve();
        else this.waiting.get(reply.seq)?.(reply);
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('forwarder not started');
    return this.child.pid;
  }

  private async request(body: RequestBody): Promise<{ sdp?: string; counts?: ForwarderCounts }> {
    const seq = ++this.seq;
    const reply = await new Promise<Reply>((resolve) => {
      this.waiting.set(seq, resolve);
      this.child.send({ ...body, seq });
    });
    this.waiting.delete(seq);
    if ('ready' in reply) throw new Error('unexpected ready');
    if (!reply.ok) throw new Error(`forwarder: ${reply.error}`);
    return reply;
  }

  async sdp(body: RequestBody): Promise<string> {
    const { sdp } = await this.request(body);
    if (!sdp) throw new Error(`no SDP in the reply to ${body.op}`);
    return sdp;
  }

  async accept(id: number, sdp: string): Promise<void> {
    await this.request({ op: 'accept', id, sdp });
  }

  async counts(): Promise<ForwarderCounts> {
    const { counts } = await this.request({ op: 'counts' });
    if (!counts) throw new Error('no counts in the reply');
    return counts;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve();
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

/** Connection attempts that failed and were made again, per point (see `connect`). */
let retries = 0;

/**
 * Runs `attempt` until it succeeds, at most 3 times, each bounded to 10 s. A libdatachannel offerer
 * fails its DTLS handshake when the answerer's handshake reaches it before the answer does (it cannot
 * check the certificate yet); on one host with 30 connections made at once this happens now and then,
 * so the benchmark makes such a connection again rather than lose the run. Each retry is counted.
 */
async function connect<T>(what: string, attempt: (tries: number) => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not connected within 10 s`)), 10_000);
    });
    try {
      return await Promise.race([attempt(tries), timeout]);
    } catch (error) {
      if (tries >= 2) throw error;
      retries += 1;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Connects a viewer to the forwarder and waits until its media path is up. */
function connectViewer(forwarder: ForwarderProcess, id: number): Promise<Receiver> {
  return connect(`viewer ${id}`, async (tries) => {
    const receiver = new Receiver(`viewer-${id}`);
    try {
      const subscriber = id + 1000 * tries; // a failed subscriber connection stays, unused
      const offer = await forwarder.sdp({ op: 'subscribe', id: subscriber });
      await forwarder.accept(subscriber, await receiver.answer(offer));
      await receiver.open();
      return receiver;
    } catch (error) {
      receiver.close();
      throw error;
    }
  });
}

async function measure(engine: EngineName, viewers: number): Promise<Point> {
  retries = 0;
  const forwarder = new ForwarderProcess(engine);
  await forwarder.ready;
  const publisher = new Publisher();
  await connect('publisher', async () => {
    const link = await publisher.offer('publisher');
    await link.accept(await forwarder.sdp({ op: 'publish', sdp: link.sdp }));
  });
  const direct = await connect('direct viewer', async () => {
    const receiver = new Receiver('direct');
    const link = await publisher.offer('publisher-direct');
    await link.accept(await receiver.answer(link.sdp));
    await receiver.open();
    return receiver;
  });
  const receivers: Receiver[] = [];
  for (let id = 0; id < viewers; id += 10) {
    const batch = Array.from({ length: Math.min(10, viewers - id) }, (_, i) =>
      connectViewer(forwarder, id + i),
    );
    receivers.push(...(await Promise.all(batch)));
  }

  publisher.start();
  await sleep(warmup * 1000);
  const load0 = loadavg()[0]!;
  const from = publisher.nextIndex;
  const before = usage(forwarder.pid);
  const ownBefore = process.cpuUsage();
  await sleep(seconds * 1000);
  const after = usage(forwarder.pid);
  const own = process.cpuUsage(ownBefore);
  const to = publisher.nextIndex;
  const load1 = loadavg()[0]!;
  await sleep(1000); // packets of the window still in flight arrive, or count as lost
  publisher.stop();
  const counts = await forwarder.counts();

  const point: Point = {
    engine,
    viewers,
    seconds,
    cpuSeconds: after.cpu - before.cpu,
    peersCpuSeconds: (own.user + own.system) / 1e6,
    rssMb: after.rssMb,
    viewersTally: receivers.map((r) => r.tally(from, to)),
    direct: direct.tally(from, to),
    counts,
    retries,
    load: [load0, load1],
  };
  publisher.close();
  direct.close();
  for (const receiver of receivers) receiver.close();
  await forwarder.stop();
  return point;
}

const points: Point[] = [];
console.log(
  `Forwarding engines: ${STREAM.bitrate / 1e6} Mbit/s VP8-shaped RTP, ${STREAM.fps} fps, ` +
    `${STREAM.packetPayload}-byte packets; ${warmup} s warm-up, ${seconds} s per point; ` +
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
for (const viewers of viewerCounts) {
  for (const engine of engines) {
    const point = await measure(engine, viewers);
    points.push(point);
    console.log(
      `  ${engine} × ${viewers}: ${(point.cpuSeconds / seconds).toFixed(3)} cores, ` +
        `in ${point.counts.received} / out ${point.counts.sent} packets; ` +
        `publisher and receivers ${(point.peersCpuSeconds / seconds).toFixed(3)} cores; ` +
        `connections made again: ${point.retries}`,
    );
  }
}
console.log('');
console.log(formatReport(points));
console.log('');
console.log(
  `load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
nodeDataChannel.cleanup();
