/**
 * Rings delivered to this process's sockets for calls owned by other processes (the owner keeps the
 * ring itself). If the owner dies, nobody else knows these sockets are ringing: reconcile uses this to
 * tell them the call ended.
 */
import type { StateOp } from '../transport/inter-server';

/** The remote rings of one process, followed from the deliveries it receives. */
export class RemoteRings {
  readonly #rings = new Map<string, { sockets: Set<string>; since: number }>();

  /** Follows `call:ringing` and `call:ended` deliveries from other processes. */
  observe(op: StateOp, now: number): void {
    if (op.op !== 'deliver') return;
    if (op.event === 'call:ringing') {
      const { callId } = op.args[0];
      // Kept from the latest ring of the call: people can be invited into a call long after it began.
      const ring = this.#rings.get(callId) ?? { sockets: new Set<string>(), since: now };
      ring.sockets.add(op.to);
      ring.since = now;
      this.#rings.set(callId, ring);
    } else if (op.event === 'call:ended') {
      const { callId } = op.args[0];
      const ring = this.#rings.get(callId);
      ring?.sockets.delete(op.to);
      if (ring?.sockets.size === 0) this.#rings.delete(callId);
    }
  }

  /** The sockets rung here for this call, forgotten as they are returned. */
  take(callId: string): string[] {
    const sockets = [...(this.#rings.get(callId)?.sockets ?? [])];
    this.#rings.delete(callId);
    return sockets;
  }

  /**
   * Forgets calls rung last more than `maxAgeMs` ago: their rings were accepted or declined (no
   * `call:ended` follows) or have timed out.
   */
  prune(now: number, maxAgeMs: number): void {
    for (const [callId, ring] of this.#rings) if (now - ring.since > maxAgeMs) this.#rings.delete(callId);
  }
}
