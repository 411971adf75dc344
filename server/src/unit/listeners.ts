/** A small set of listeners for one event, as the engine adapters and the router hand events on. */
export class Listeners<Args extends unknown[]> {
  private readonly set = new Set<(...args: Args) => void>();

  /** Returns a function removing the listener. */
  add(listener: (...args: Args) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.set) listener(...args);
  }

  clear(): void {
    this.set.clear();
  }
}
