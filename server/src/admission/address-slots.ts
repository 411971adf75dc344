/**
 * Live connections per client address, so one machine cannot open hundreds of sockets (each a copy
 * of its name in the directory, each a share of every broadcast). Admission refuses a handshake once
 * the address holds its quota; the count follows connects and disconnects.
 */

/** The connections of one server process, by the remote address the server sees. */
export class AddressSlots {
  readonly #held = new Map<string, number>();

  constructor(private readonly perAddress: number) {}

  /** Whether `address` may open one more connection now. */
  hasRoom(address: string): boolean {
    return (this.#held.get(address) ?? 0) < this.perAddress;
  }

  /** A connection of `address` is established; false when that puts it over its quota. */
  take(address: string): boolean {
    const held = (this.#held.get(address) ?? 0) + 1;
    this.#held.set(address, held);
    return held <= this.perAddress;
  }

  /** A connection of `address` closed. */
  release(address: string): void {
    const held = (this.#held.get(address) ?? 0) - 1;
    if (held > 0) this.#held.set(address, held);
    else this.#held.delete(address);
  }

  /** Addresses holding a connection, for leak checks. */
  get size(): number {
    return this.#held.size;
  }
}
