/**
 * A forwarding unit seam for signaling tests: it records what the server tells it and sends the
 * signals a test hands it, so the server's forwarding policy and relay are tested without media.
 */
import type { UnitPc, UnitRequestData } from '../../common/signaling/unit';
import type { ForwardingUnit, UnitOutgoing, UnitStats } from '../../server/src/unit/forwarding-unit';

/** What the server told the unit, in order. */
export type UnitCall =
  | { call: 'join' | 'leave'; room: string; peerId: string }
  | { call: 'signal'; room: string; peerId: string; pc: UnitPc; data: UnitRequestData };

export class FakeForwardingUnit implements ForwardingUnit {
  readonly fingerprint =
    'sha-256 00:07:0E:15:1C:23:2A:31:38:3F:46:4D:54:5B:62:69:70:77:7E:85:8C:93:9A:A1:A8:AF:B6:BD:C4:CB:D2:D9';
  readonly calls: UnitCall[] = [];
  closed = false;
  figures: UnitStats = {
    rooms: 0,
    publishers: 0,
    subscribers: 0,
    packetsForwarded: 0,
    keyframeRequests: 0,
    keyframeRequestsReceived: 0,
    retransmissions: 0,
    stalePackets: 0,
  };
  #listener: ((outgoing: UnitOutgoing) => void) | null = null;

  join(room: string, peerId: string): void {
    this.calls.push({ call: 'join', room, peerId });
  }

  leave(room: string, peerId: string): void {
    this.calls.push({ call: 'leave', room, peerId });
  }

  signal(room: string, peerId: string, pc: UnitPc, data: UnitRequestData): void {
    this.calls.push({ call: 'signal', room, peerId, pc, data });
  }

  onSignal(listener: (outgoing: UnitOutgoing) => void): () => void {
    this.#listener = listener;
    return () => {
      if (this.#listener === listener) this.#listener = null;
    };
  }

  /** Sends a signal to a member as the real unit would, through the server's listener. */
  send(outgoing: UnitOutgoing): void {
    this.#listener?.(outgoing);
  }

  /** True while the server listens to this unit's signals. */
  get listened(): boolean {
    return this.#listener !== null;
  }

  stats(): Promise<UnitStats> {
    return Promise.resolve({ ...this.figures });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The join and leave calls only, as `call room peerId` lines, for compact assertions. */
  memberships(): string[] {
    return this.calls.filter((c) => c.call !== 'signal').map((c) => `${c.call} ${c.room} ${c.peerId}`);
  }
}
