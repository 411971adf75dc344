/**
 * Why two peers cannot connect, guessed from the ICE candidates each side offered. Users cannot read
 * candidate lists; they can act on "your computers are on different networks" or "ask for a relay".
 * The guess only uses what this end saw: its own candidates and those the peer trickled to it.
 */

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface CandidateInfo {
  type: CandidateType;
  /** An IP address, or a `<uuid>.local` name when the browser hides the address behind mDNS. */
  address: string;
  protocol: 'udp' | 'tcp';
}

/**
 * - `no-local-candidates`: this computer offered no way to reach it (no usable network interface).
 * - `no-remote-candidates`: the peer offered none (its network, or its browser's policy).
 * - `mdns-unresolved`: the peer only offered `.local` names, and they did not resolve here (multicast
 *   DNS blocked by the network or the system).
 * - `relay-unreachable`: a TURN relay is configured but could not be reached.
 * - `different-subnets`: both sides offered only addresses on different subnets and no relay.
 * - `relay-needed`: addresses on both sides, checks failing anyway: a firewall is in the way; a TURN
 *   relay would carry the call.
 * - `blocked`: even the relay path failed.
 */
export type IceProblem =
  | 'no-local-candidates'
  | 'no-remote-candidates'
  | 'mdns-unresolved'
  | 'relay-unreachable'
  | 'different-subnets'
  | 'relay-needed'
  | 'blocked';

/** Parses the `candidate:` line of an ICE candidate (RFC 8839 §5.1); null for anything else. */
export function parseCandidate(line: string): CandidateInfo | null {
  const fields = line.replace(/^a=/, '').split(' ');
  if (!fields[0]?.startsWith('candidate:') || fields.length < 8 || fields[6] !== 'typ') return null;
  const protocol = fields[2]?.toLowerCase();
  const type = fields[7];
  const address = fields[4];
  if ((protocol !== 'udp' && protocol !== 'tcp') || !address) return null;
  if (type !== 'host' && type !== 'srflx' && type !== 'prflx' && type !== 'relay') return null;
  return { type, address, protocol };
}

const isMdnsName = (address: string) => address.toLowerCase().endsWith('.local');

/** The part of an address two hosts on one LAN segment usually share: /24 for IPv4, /64 for IPv6. */
function subnetOf(address: string): string | null {
  if (isMdnsName(address)) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}`;
  if (address.includes(':')) return address.toLowerCase().split(':').slice(0, 4).join(':');
  return null;
}

export interface IceEvidence {
  local: CandidateInfo[];
  remote: CandidateInfo[];
  /** Whether the ICE servers this end used include a TURN server. */
  relayConfigured: boolean;
}

export function diagnoseIce({ local, remote, relayConfigured }: IceEvidence): IceProblem {
  if (local.length === 0) return 'no-local-candidates';
  if (remote.length === 0) return 'no-remote-candidates';
  const remoteReachable = remote.filter((c) => c.type !== 'host' || !isMdnsName(c.address));
  if (remoteReachable.length === 0) return 'mdns-unresolved';
  const localRelay = local.some((c) => c.type === 'relay');
  if (relayConfigured && !localRelay) return 'relay-unreachable';
  if (localRelay || remote.some((c) => c.type === 'relay')) return 'blocked';
  const onlyHosts = [...local, ...remoteReachable].every((c) => c.type === 'host');
  if (onlyHosts) {
    const ours = new Set(local.map((c) => subnetOf(c.address)).filter((s) => s !== null));
    const shared = remoteReachable.some((c) => ours.has(subnetOf(c.address) ?? ''));
    if (!shared && ours.size > 0) return 'different-subnets';
  }
  return 'relay-needed';
}

/** Whether an RTCIceServer list includes a TURN server. */
export function hasTurnServer(servers: RTCIceServer[] | undefined): boolean {
  return (servers ?? []).some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/.test(url)),
  );
}

/** How long a link may stay unconnected before the app explains why. */
export const DIAGNOSIS_DELAY_MS = 8_000;

/**
 * Collects one link's candidates and, when the link has not connected after `delayMs` (or failed),
 * reports the likely problem; a later connection clears it.
 */
export class IceWatch {
  readonly local: CandidateInfo[] = [];
  readonly remote: CandidateInfo[] = [];
  problem: IceProblem | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly relayConfigured: boolean,
    private readonly onProblem: (problem: IceProblem | null) => void,
    private readonly delayMs = DIAGNOSIS_DELAY_MS,
  ) {}

  /** (Re)starts the countdown: at creation and on every ICE restart or lost connection. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.diagnose(), this.delayMs);
  }

  sawLocal(line: string): void {
    const candidate = parseCandidate(line);
    if (candidate) this.local.push(candidate);
  }

  sawRemote(line: string): void {
    const candidate = parseCandidate(line);
    if (candidate) this.remote.push(candidate);
  }

  connected(): void {
    clearTimeout(this.timer);
    this.set(null);
  }

  diagnose(): void {
    clearTimeout(this.timer);
    this.set(diagnoseIce({ local: this.local, remote: this.remote, relayConfigured: this.relayConfigured }));
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private set(problem: IceProblem | null): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.onProblem(problem);
  }
}
