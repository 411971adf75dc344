/**
 * The real signaling server, compromised: a hook placed in front of its packet gate sees every packet
 * a client sends, remembers who joined which room, and, once told to, diverts the signals between two members of a room to a {@link ManInTheMiddle}, whose own
 * signals it delivers as if the other member had sent them. Everything else reaches the server as sent.
 */
import type { RelayedSignal } from '../../common/signaling/signal';
import type { SignalingIo, SignalingSocket } from '../../server/src';
import { ManInTheMiddle, type HelloLie } from './man-in-the-middle';

type Packet = unknown[];

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)[name]
    : undefined;
}

export class CompromisedRelay {
  /** Who joined which room under which name, by socket id. */
  private readonly joins = new Map<string, { room: string; name: string }>();
  private readonly plans: { room: string; names: readonly [string, string]; lie: HelloLie }[] = [];
  private readonly middles: ManInTheMiddle[] = [];
  private readonly waiting = new Map<string, (middle: ManInTheMiddle) => void>();

  constructor(private readonly io: SignalingIo) {
    // First of every socket's middleware, so it runs before the server's own gate (which ends the chain).
    io.sockets.prependListener('connection', (socket: SignalingSocket) =>
      socket.use((packet, next) => this.inspect(socket, packet, next)),
    );
  }

  /**
   * From now on, the link between the members named `names` in `room` goes through a man in the
   * middle that tells `lie` in hellos. Resolves with it once both have joined.
   */
  compromise(room: string, names: readonly [string, string], lie: HelloLie): Promise<ManInTheMiddle> {
    this.plans.push({ room, names, lie });
    return new Promise((resolve) => this.waiting.set(room, resolve));
  }

  close(): void {
    this.middles.forEach((middle) => middle.close());
  }

  private inspect(socket: SignalingSocket, packet: Packet, next: (error?: Error) => void): void {
    const [event, payload] = packet;
    if (event === 'room:join') this.joined(socket.id, payload);
    if (event === 'signal') {
      const to = String(field(payload, 'to'));
      const middle = this.middles.find((candidate) => candidate.diverts(socket.id, to));
      if (middle) {
        const ack = packet.at(-1);
        if (typeof ack === 'function') (ack as (result: unknown) => void)({ ok: true, data: null });
        middle.take(socket.id, field(payload, 'data'));
        return;
      }
    }
    next();
  }

  private joined(socketId: string, payload: unknown): void {
    const room = String(field(payload, 'room'));
    this.joins.set(socketId, { room, name: String(field(payload, 'name')) });
    const plan = this.plans.find((candidate) => candidate.room === room);
    if (!plan) return;
    const members = plan.names.map((name) => {
      const socketId = [...this.joins].findLast(([, join]) => join.room === room && join.name === name)?.[0];
      return socketId === undefined ? null : { socketId, name };
    });
    const [a, b] = members;
    if (!a || !b) return;
    this.plans.splice(this.plans.indexOf(plan), 1);
    const middle = new ManInTheMiddle(`room:${room}`, [a, b], plan.lie, (to, from, data) =>
      this.io.sockets.sockets.get(to)?.emit('signal', { from, data } as RelayedSignal),
    );
    this.middles.push(middle);
    this.waiting.get(room)?.(middle);
  }
}
