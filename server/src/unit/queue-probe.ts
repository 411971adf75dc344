/**
 * How long what the unit reads now has waited in its own receive queue. The unit reads every
 * publisher's socket from one thread that also encrypts a copy per viewer; on a starved machine that
 * thread reads slower than media arrives, and the socket's large buffer (werift-socket-buffer.ts) holds
 * seconds of it: forwarded, every viewer would watch that far behind, keyframes asked for included.
 *
 * The queue is measured directly, as CoDel measures a packet's sojourn: every `PROBE_INTERVAL_MS` the
 * thread sends each watched socket a small datagram from a loopback socket of its own, carrying its
 * send time and a random token; read back, `now − sentAt` is how long the queue held it. Only the
 * unit's own backlog shows: a sender's pacer holding frames behind a large keyframe, or a slow
 * network, delays media before it reaches the queue, never the probe. A probe the queue still holds
 * counts too (what is read before it arrived before it was sent), and so does a probe the thread could
 * not send on time because it was itself stalled: what queued meanwhile waits at least as long.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/**
 * A queue holding more than this is stale: what the unit reads from it is dropped. A viewer's jitter
 * buffer absorbs about this much on a LAN without anyone noticing in a conversation; beyond it the
 * whole room watches late, and losing the backlog (video resumes on a keyframe) costs less than
 * showing it. A stall shorter than this still becomes a delay rather than a loss, as the large socket
 * buffer intends.
 */
export const STALE_QUEUE_MS = 250;
/**
 * Once stale, media is forwarded again when a probe waited less than this, or when `FRESH_PROBES`
 * probes in a row stayed under `STALE_QUEUE_MS`: a queue hovering near the bound does not turn
 * dropping on and off with every probe (each turn costs every viewer of a video a keyframe), and a
 * thread whose every read lags more than this, but less than the bound, is not held dropping for ever.
 */
export const FRESH_QUEUE_MS = 100;
/** See `FRESH_QUEUE_MS`: about a third of a second of probes. */
export const FRESH_PROBES = 3;
/** How often each watched socket is probed: the backlog is seen within this much of the bound. */
export const PROBE_INTERVAL_MS = 100;

const TOKEN_BYTES = 16;
const PROBE_BYTES = TOKEN_BYTES + 8;
/** Probes kept while unanswered: a queue so deep they all wait is stale anyway. */
const MAX_OUTSTANDING = 64;

/** One watched socket's queue, judged from its probes (times in ms on the probe's clock). */
export class QueueGauge {
  /** Send times of the probes sent since the last one read back, oldest first. */
  private readonly outstanding: number[] = [];
  private stale = false;
  /** Probes in a row that came back under `STALE_QUEUE_MS`. */
  private under = 0;
  /** The last probe's time in the queue, or null before one came back. */
  sojourn: number | null = null;

  sent(at: number): void {
    if (this.outstanding.length < MAX_OUTSTANDING) this.outstanding.push(at);
  }

  /** A probe sent at `sentAt` was read at `now`; earlier ones still unanswered were lost. */
  returned(sentAt: number, now: number): void {
    while (this.outstanding.length > 0 && (this.outstanding[0] as number) <= sentAt) this.outstanding.shift();
    this.sojourn = now - sentAt;
    this.under = this.sojourn > STALE_QUEUE_MS ? 0 : this.under + 1;
    if (this.under === 0) this.stale = true;
    else if (this.sojourn < FRESH_QUEUE_MS || this.under >= FRESH_PROBES) this.stale = false;
  }

  /** The probe sent at `at` never left (the send failed): it waits in no queue. */
  unsent(at: number): void {
    const index = this.outstanding.indexOf(at);
    if (index >= 0) this.outstanding.splice(index, 1);
  }

  /** The thread could not read for a while: what it reads next may have waited that long. */
  stalled(): void {
    this.stale = true;
    this.under = 0;
  }

  /** Whether what the socket gives now waited too long in its queue to be forwarded. */
  behind(now: number): boolean {
    const oldest = this.outstanding[0];
    if (oldest !== undefined && now - oldest > STALE_QUEUE_MS) {
      this.stale = true;
      this.under = 0;
    }
    return this.stale;
  }
}

/** A probe's bytes: the token, then its send time. */
function probeBytes(token: Buffer, sentAt: number): Buffer {
  const bytes = Buffer.alloc(PROBE_BYTES);
  token.copy(bytes);
  bytes.writeDoubleBE(sentAt, TOKEN_BYTES);
  return bytes;
}

type MessageListener = (data: Buffer, info: RemoteInfo) => void;

/**
 * Probes every watched socket of its thread from one loopback socket. A datagram is taken as a probe
 * only if it comes from 127.0.0.1 at that socket's port and carries the thread's token; any other
 * datagram reaches werift untouched, and one from the probe's port with a wrong token is dropped.
 */
export class QueueProbe {
  private readonly socket: Socket = createSocket('udp4');
  private readonly token: Buffer;
  private readonly now: () => number;
  private readonly gauges = new Map<Socket, QueueGauge>();
  private readonly bound: Promise<number>;
  private port: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastTick = 0;

  /** `token`: random unless a test names it (to forge a probe's bytes from elsewhere). */
  constructor(options: { token?: Buffer; now?: () => number } = {}) {
    this.token = options.token ?? randomBytes(TOKEN_BYTES);
    this.now = options.now ?? (() => performance.now());
    this.bound = new Promise((resolve) => {
      this.socket.bind({ address: '127.0.0.1', port: 0 }, () => {
        this.port = this.socket.address().port;
        resolve(this.port);
      });
    });
    // A failed send is answered per probe (below); the socket's own errors must not end the worker.
    this.socket.on('error', () => undefined);
    this.socket.unref();
  }

  /** The port probes come from (for tests that play a foreign sender). */
  ready(): Promise<number> {
    return this.bound;
  }

  /**
   * Starts probing `socket` (a bound udp4 socket: the unit gathers no IPv6) and filters its probes out
   * before its other listeners (werift's, which would take the probe's address as its peer's) see
   * them. Probing stops when the socket closes.
   */
  watch(socket: Socket): void {
    if (this.gauges.has(socket) || socket.address().family !== 'IPv4') return;
    const gauge = new QueueGauge();
    this.gauges.set(socket, gauge);
    const listeners = socket.listeners('message') as MessageListener[];
    socket.removeAllListeners('message');
    socket.on('message', (data: Buffer, info: RemoteInfo) => {
      if (info.port === this.port && info.address === '127.0.0.1') {
        if (data.length === PROBE_BYTES && data.subarray(0, TOKEN_BYTES).equals(this.token)) {
          gauge.returned(data.readDoubleBE(TOKEN_BYTES), this.now());
        }
        return;
      }
      for (const listener of listeners) listener.call(socket, data, info);
    });
    socket.once('close', () => this.gauges.delete(socket));
    if (!this.timer) {
      this.lastTick = this.now();
      this.timer = setInterval(() => this.tick(), PROBE_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** How long the last probe read back from `socket` waited in its queue (ms), null before one. */
  sojourn(socket: Socket): number | null {
    return this.gauges.get(socket)?.sojourn ?? null;
  }

  /**
   * Whether what `socket` gives now waited too long in its queue to be forwarded; false for a socket
   * not watched. A thread that has not reached its probe timer for that long was stalled, which the
   * timer tells only once it runs: what is read before then already counts as late.
   */
  behind(socket: Socket): boolean {
    const gauge = this.gauges.get(socket);
    if (!gauge) return false;
    const now = this.now();
    if (this.stalledAt(now)) gauge.stalled();
    return gauge.behind(now);
  }

  /** A probe due this long ago that the thread could not send would have waited behind what queued since. */
  private stalledAt(now: number): boolean {
    return this.timer !== null && now - this.lastTick - PROBE_INTERVAL_MS > STALE_QUEUE_MS;
  }

  private tick(): void {
    const now = this.now();
    const stalled = this.stalledAt(now);
    this.lastTick = now;
    for (const [socket, gauge] of this.gauges) {
      if (stalled) gauge.stalled();
      if (this.port === null) continue;
      let bound: { address: string; port: number };
      try {
        bound = socket.address();
      } catch {
        // Closed since: its 'close' event forgets it.
        continue;
      }
      const to = bound.address === '0.0.0.0' ? '127.0.0.1' : bound.address;
      gauge.sent(now);
      this.socket.send(probeBytes(this.token, now), bound.port, to, (error) => {
        if (error) gauge.unsent(now);
      });
    }
    if (this.gauges.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Stops probing and closes the probe's socket. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.gauges.clear();
    this.socket.close();
  }
}
