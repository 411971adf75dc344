/**
 * Sockets that dropped but may come back through Socket.IO connection state recovery. While a socket
 * is away it keeps its rooms, calls and directory entry, and events for it are buffered by the
 * adapter; only when the window passes without it coming back is it cleaned up like any disconnect.
 */

/** The away sockets of one server, each with the clean-up that runs if it does not come back. */
export class AwayList {
  readonly #away = new Map<string, { timer: NodeJS.Timeout; cleanup: () => void }>();

  has(socketId: string): boolean {
    return this.#away.has(socketId);
  }

  /** Every socket away right now: still a member everywhere, so never a ghost. */
  ids(): string[] {
    return [...this.#away.keys()];
  }

  /** Defers `cleanup` by `ms`; it runs at most once, unless the socket resumes first. */
  hold(socketId: string, ms: number, cleanup: () => void): void {
    const timer = setTimeout(() => this.expire(socketId), ms);
    timer.unref();
    this.#away.set(socketId, { timer, cleanup });
  }

  /** The socket recovered its session: nothing to clean up. */
  resume(socketId: string): boolean {
    const entry = this.#away.get(socketId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.#away.delete(socketId);
    return true;
  }

  /** Cleans up now, e.g. because the device connected again from a fresh socket. */
  expire(socketId: string): void {
    const entry = this.#away.get(socketId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#away.delete(socketId);
    entry.cleanup();
  }

  /** Server shutdown: every away socket is cleaned up at once. */
  expireAll(): void {
    for (const socketId of [...this.#away.keys()]) this.expire(socketId);
  }
}
