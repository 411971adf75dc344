/**
 * Light members of a large room spread over a few child processes (light-fleet-child.ts), driven
 * from the test process over IPC: join, publish, and snapshots of what each member has received. The
 * test keeps its assertions; the children only play members. 48 werift members in the test process
 * starved it on a shared 2-core machine and the server dropped one for a missed ping.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Vp8Frame } from './light-sender';

/** What one member has received from one other member (by name), and its own state. */
export interface MemberSnapshot {
  name: string;
  peers: number;
  mode: 'mesh' | 'forwarded' | null;
  disconnected: string | null;
  /** A sender's: null until the unit answers, then whether it took the sender's media. */
  accepted: boolean | null;
  framesSent: number | null;
  /** By the sending member's name: its video m-lines, their frames and keyframes, and audio packets. */
  received: Record<string, { videoTracks: number; frames: number; keyframes: number; audioPackets: number }>;
  /** The member's own account (connections, tracks), when asked for. */
  description?: string;
}

/** One child's snapshot: its members, its CPU time so far and its longest event-loop stall since. */
export interface ChildSnapshot {
  members: MemberSnapshot[];
  cpu: NodeJS.CpuUsage;
  stallMs: number;
}

export type FleetCommand = { id: number } & (
  | { cmd: 'setup'; url: string; fps: number; clip: { data: string; keyframe: boolean }[] }
  | { cmd: 'join'; kind: 'viewer' | 'sender'; name: string; room: string; bps: number }
  | { cmd: 'publish'; name: string; limitMs: number }
  | { cmd: 'snapshot'; verbose: boolean }
  | { cmd: 'close' }
);

export type FleetReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

/** Commands other than `publish` answer within this unless the child is stuck. */
const COMMAND_MS = 60_000;
const POLL_MS = 500;
const CHILD = fileURLToPath(new URL('./light-fleet-child.ts', import.meta.url));

/** A withoutId<FleetCommand> for each command kind. */
type Command = FleetCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

class FleetChild {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private exited: string | null = null;

  constructor() {
    this.child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: FleetReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(reply.error));
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `light fleet child exited (${code ?? signal})`;
      for (const waiting of this.pending.values()) waiting.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  run(command: Command, limitMs = COMMAND_MS): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`light fleet: ${command.cmd} took over ${limitMs} ms`));
      }, limitMs);
      this.pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.child.send({ ...command, id } as FleetCommand);
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.run({ cmd: 'close' }).catch(() => undefined);
    this.child.disconnect();
    await exited;
  }
}

export class LightFleet {
  private readonly children: FleetChild[];
  private readonly home = new Map<string, FleetChild>();
  /** The longest stall of a child's event loop seen in its snapshots so far. */
  longestStallMs = 0;

  private constructor(size: number) {
    this.children = Array.from({ length: size }, () => new FleetChild());
  }

  /** Forks `size` children; light senders among them loop `clip` at `fps`. */
  static async start(url: string, clip: readonly Vp8Frame[], fps: number, size = 4): Promise<LightFleet> {
    const fleet = new LightFleet(size);
    const encoded = clip.map(({ data, keyframe }) => ({ data: data.toString('base64'), keyframe }));
    await Promise.all(fleet.children.map((child) => child.run({ cmd: 'setup', url, fps, clip: encoded })));
    return fleet;
  }

  /** Process ids of the children, to read their CPU from outside. */
  get pids(): number[] {
    return this.children.flatMap((child) => (child.pid ? [child.pid] : []));
  }

  /** A new member called `name` joins `room`, advertising `bps`; members go round the children. */
  async join(kind: 'viewer' | 'sender', name: string, room: string, bps: number): Promise<void> {
    const child = this.children[this.home.size % this.children.length]!;
    this.home.set(name, child);
    await child.run({ cmd: 'join', kind, name, room, bps });
  }

  /** Sender `name` offers its media to the unit; resolves with whether the unit took it. */
  async publish(name: string, limitMs: number): Promise<boolean> {
    const child = this.home.get(name);
    if (!child) throw new Error(`no light member called ${name}`);
    return (await child.run({ cmd: 'publish', name, limitMs }, limitMs + COMMAND_MS)) as boolean;
  }

  async snapshots(verbose = false): Promise<ChildSnapshot[]> {
    const snapshots = (await Promise.all(
      this.children.map((child) => child.run({ cmd: 'snapshot', verbose })),
    )) as ChildSnapshot[];
    for (const { stallMs } of snapshots) this.longestStallMs = Math.max(this.longestStallMs, stallMs);
    return snapshots;
  }

  /** Every member's snapshot. */
  async members(verbose = false): Promise<MemberSnapshot[]> {
    return (await this.snapshots(verbose)).flatMap((snapshot) => snapshot.members);
  }

  /**
   * Resolves with the members' snapshots once `check` holds for every member, polled; rejects after
   * `limitMs` naming `what` and the account of each member for whom it does not.
   */
  async until(
    check: (member: MemberSnapshot) => boolean,
    what: string,
    limitMs: number,
  ): Promise<MemberSnapshot[]> {
    const end = Date.now() + limitMs;
    for (;;) {
      const members = await this.members();
      if (members.every(check)) return members;
      if (Date.now() > end) {
        const failing = (await this.members(true)).filter((member) => !check(member));
        const accounts = failing.map((member) => `${member.name}: ${member.description}`);
        throw new Error(`never happened for ${failing.length} members: ${what}\n${accounts.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((child) => child.stop()));
  }
}
