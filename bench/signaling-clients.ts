/**
 * One client worker of `npm run bench:signaling`, forked by bench/signaling.ts: it holds a slice of the
 * sockets (whole pairs, so a message's send and arrival are timed on one clock) and drives them as the
 * parent commands over IPC. Nearcast and PeerJS get the same worker code; only the driver differs.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io as connectSocket } from 'socket.io-client';
import WebSocket from 'ws';
import type { BenchCommand, WorkerReply, WorkerSetup } from './signaling-ipc';

interface Client {
  id: string;
  send(to: string, body: string): void;
  /** Replaces the arrival handler (each phase installs its own). */
  onMessage(cb: (body: string) => void): void;
  close(): void;
}

/** How often the real PeerJS client sends HEARTBEAT (peerjs `pingInterval`), so its server sees the same. */
const PEERJS_HEARTBEAT_MS = 5_000;

/** A Nearcast client: a Client that can also join a room and wait for the server's answer. */
type NearcastClient = Client & { join(room: string, name: string): Promise<void> };

/** Nearcast through `socket.io-client`, as the web client talks to the server. */
function nearcastLibraryClient(setup: WorkerSetup): Promise<NearcastClient> {
  const socket = connectSocket(setup.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  let handler: (body: string) => void = () => undefined;
  socket.on('signal', (s: { data: { description: { sdp: string } } }) => handler(s.data.description.sdp));
  return new Promise((resolve, reject) => {
    let withoutAck = false;
    // Like the web client: ack-less signals only once the server said it takes them.
    socket.once('session:features', (features: { signalWithoutAck?: boolean }) => {
      withoutAck = features.signalWithoutAck === true && !setup.signalAck;
      resolve({
        join: async (room, name) =>
          void (await socket.timeout(60_000).emitWithAck('room:join', { room, name })),
        id: socket.id ?? '',
        send: (to, body) => {
          const request = { to, data: { kind: 'description', description: { type: 'offer', sdp: body } } };
          if (withoutAck) socket.emit('signal', request);
          else socket.emit('signal', request, () => undefined);
        },
        onMessage: (cb) => (handler = cb),
        close: () => void socket.disconnect(),
      });
    });
    socket.on('signal:refused', (refused: unknown) => {
      process.stderr.write(`signal refused: ${JSON.stringify(refused)}\n`);
    });
    socket.once('connect_error', reject);
    socket.on('disconnect', lost);
  });
}

/**
 * Nearcast over a plain `ws` socket speaking Socket.IO's wire format itself (Engine.IO v4: `0` open,
 * `2`/`3` ping/pong, `4` + a Socket.IO packet: `0` connect, `2` event, `3` ack), as the PeerJS clients
 * speak PeerJS's JSON over plain `ws` rather than through the `peerjs` library: client libraries cost
 * the machine's cores too, and the figures are about the servers.
 */
function nearcastWireClient(setup: WorkerSetup): Promise<NearcastClient> {
  const ws = new WebSocket(new URL('socket.io/?EIO=4&transport=websocket', setup.url.replace(/^http/, 'ws')));
  let handler: (body: string) => void = () => undefined;
  let id = '';
  let nextAck = 0;
  const acks = new Map<number, () => void>();
  const emit = (event: string, payload: unknown, ack?: () => void): void => {
    if (!ack) {
      ws.send(`42${JSON.stringify([event, payload])}`);
      return;
    }
    const ackId = nextAck++;
    acks.set(ackId, ack);
    ws.send(`42${ackId}${JSON.stringify([event, payload])}`);
  };
  return new Promise((resolve, reject) => {
    ws.on('message', (raw: WebSocket.RawData) => {
      const text = String(raw);
      if (text === '2') ws.send('3');
      else if (text[0] === '0') ws.send('40');
      else if (text.startsWith('40')) id = (JSON.parse(text.slice(2)) as { sid: string }).sid;
      else if (text.startsWith('44')) reject(new Error(`connect refused: ${text.slice(2)}`));
      else if (text.startsWith('43')) {
        const ackId = Number(/^43(\d+)/.exec(text)?.[1]);
        acks.get(ackId)?.();
        acks.delete(ackId);
      } else if (text.startsWith('42')) {
        const [event, payload] = JSON.parse(text.slice(2)) as [string, Record<string, unknown>];
        if (event === 'signal') {
          handler((payload as { data: { description: { sdp: string } } }).data.description.sdp);
        } else if (event === 'signal:refused') {
          process.stderr.write(`signal refused: ${JSON.stringify(payload)}\n`);
        } else if (event === 'session:features') {
          const withoutAck = payload.signalWithoutAck === true && !setup.signalAck;
          resolve({
            id,
            join: (room, name) => new Promise((joined) => emit('room:join', { room, name }, joined)),
            send: (to, body) => {
              const request = {
                to,
                data: { kind: 'description', description: { type: 'offer', sdp: body } },
              };
              emit('signal', request, withoutAck ? undefined : () => undefined);
            },
            onMessage: (cb) => (handler = cb),
            close: () => ws.close(),
          });
        }
      }
    });
    ws.once('error', reject);
    ws.on('close', lost);
  });
}

function peerjsClient(setup: WorkerSetup, index: number): Promise<Client> {
  const id = `bench-${index}-${Math.random().toString(36).slice(2, 8)}`;
  const ws = new WebSocket(`${setup.url}peerjs?key=peerjs&id=${id}&token=t${index}`);
  let handler: (body: string) => void = () => undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    ws.on('message', (raw: WebSocket.RawData) => {
      const message = JSON.parse(String(raw)) as { type: string; payload?: { sdp: string } };
      if (message.type === 'OPEN') {
        heartbeat = setInterval(() => ws.send('{"type":"HEARTBEAT"}'), PEERJS_HEARTBEAT_MS);
        resolve({
          id,
          send: (dst, body) =>
            ws.send(JSON.stringify({ type: 'OFFER', dst, payload: { type: 'offer', sdp: body } })),
          onMessage: (cb) => (handler = cb),
          close: () => {
            clearInterval(heartbeat);
            ws.close();
          },
        });
      } else if (message.type === 'OFFER' && message.payload) {
        handler(message.payload.sdp);
      }
    });
    ws.once('error', reject);
    ws.on('close', lost);
  });
}

async function inBatches<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let i = 0; i < count; i += width) {
    made.push(
      ...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => make(i + j)))),
    );
  }
  return made;
}

const setup = JSON.parse(process.argv[2] ?? '{}') as WorkerSetup;
/** A closed loop whose pairs stalled (a lost socket) ends after this, reporting the unfinished ones. */
const CLOSED_LIMIT_MS = 120_000;
let disconnects = 0;
let closing = false;
const lost = (reason: unknown) => {
  if (closing) return;
  disconnects += 1;
  // The first few reasons say why (a server that closed them, a missed heartbeat...).
  if (disconnects <= 3) process.stderr.write(`client worker: socket lost (${String(reason)})\n`);
};
let clients: Client[] = [];
const send = (reply: WorkerReply) => process.send?.(reply);
const stamp = (at: number, pad: string) => `${at}|${pad}`;
const sentAt = (body: string) => Number(body.slice(0, body.indexOf('|')));

async function connectAll(): Promise<void> {
  if (setup.kind === 'nearcast') {
    const connect = setup.wire ? nearcastWireClient : nearcastLibraryClient;
    const made = await inBatches(setup.count, 100, () => connect(setup));
    clients = made;
    await inBatches(made.length, 200, async (i) => {
      await made[i]?.join(`bench-${(setup.first + i) >> 1}`, `P${i}`);
    });
  } else {
    clients = await inBatches(setup.count, 100, (i) => peerjsClient(setup, setup.first + i));
  }
}

/** One message in flight per pair, answered at once: the saturation figures. */
async function closedLoop(rounds: number, pad: string) {
  const latencies: number[] = [];
  let finished = 0;
  const pairs = [];
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const a = clients[i] as Client;
    const b = clients[i + 1] as Client;
    pairs.push(
      new Promise<void>((resolve) => {
        let done = 0;
        b.onMessage((body) => {
          latencies.push(performance.now() - sentAt(body));
          b.send(a.id, stamp(performance.now(), pad));
        });
        a.onMessage((body) => {
          latencies.push(performance.now() - sentAt(body));
          done += 1;
          if (done === rounds) {
            finished += 1;
            resolve();
          } else a.send(b.id, stamp(performance.now(), pad));
        });
        a.send(b.id, stamp(performance.now(), pad));
      }),
    );
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pairs),
    new Promise((resolve) => (timer = setTimeout(resolve, CLOSED_LIMIT_MS))),
  ]);
  clearTimeout(timer);
  return { latencies, unfinishedPairs: pairs.length - finished };
}

/**
 * A fixed offered rate whatever the server does: message k is due at start + k/rate, from socket
 * k mod n to its partner. Latency counts from the due time, so a client that fell behind (or a server
 * that made it fall behind) is charged for it instead of hiding it.
 */
async function openLoop(perSecond: number, durationMs: number, warmupMs: number, pad: string) {
  const latencies: number[] = [];
  let received = 0;
  let lagMax = 0;
  for (const client of clients) {
    client.onMessage((body) => {
      received += 1;
      const due = sentAt(body);
      if (due >= start + warmupMs) latencies.push(performance.now() - due);
    });
  }
  const start = performance.now();
  const total = Math.floor((perSecond * durationMs) / 1000);
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / perSecond <= now) {
        const due = start + (next * 1000) / perSecond;
        lagMax = Math.max(lagMax, now - due);
        const from = next % clients.length;
        (clients[from] as Client).send((clients[from ^ 1] as Client).id, stamp(due, pad));
        next += 1;
      }
      if (next >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const drainUntil = performance.now() + 10_000;
  while (received < total && performance.now() < drainUntil) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { latencies, sent: total, received, sendLagMaxMs: lagMax };
}

process.on('message', (command: BenchCommand) => {
  const pad = 'x'.repeat(setup.sdpBytes);
  const cpuBefore = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const costs = () => {
    const used = process.cpuUsage(cpuBefore);
    loop.disable();
    return { clientCpuMs: (used.user + used.system) / 1000, disconnects, loopDelayMaxMs: loop.max / 1e6 };
  };
  const run = async (): Promise<WorkerReply> => {
    switch (command.cmd) {
      case 'connect':
        await connectAll();
        return { done: 'connect' };
      case 'closed':
        return { done: 'closed', ...(await closedLoop(command.rounds, pad)), ...costs() };
      case 'open':
        return {
          done: 'open',
          ...(await openLoop(command.perSecond, command.durationMs, command.warmupMs, pad)),
          ...costs(),
        };
      case 'exit':
        closing = true;
        for (const client of clients) client.close();
        setTimeout(() => process.exit(0), 200);
        return { done: 'exit' };
    }
  };
  run().then(send, (error: unknown) => send({ done: 'error', message: String(error) }));
});
send({ done: 'ready' });
