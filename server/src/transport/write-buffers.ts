/**
 * Lets every relayed message die young in V8's garbage collector.
 *
 * Engine.IO's `flush()` hands a socket's write buffer to the transport and starts a new array, leaving
 * the old one, packets and all, as garbage. A socket that is written to less often than V8 collects its
 * young generation (a few times a second under load) keeps its empty buffer long enough for it to be
 * promoted to the old generation. The next packet pushed into that old array is then referenced from an
 * old, soon dead object, and young collections treat such references as live: the packet and its encoded
 * text survive until the next full collection. With thousands of quiet sockets that promoted nearly every
 * relayed message (8 MB/s at 2,000 messages/s).
 *
 * The receiving side has the same pattern inside `ws` (its per-message fragments array), fixed by
 * patches/ws-fragments.mjs when the server is bundled. With both, the server promotes about 0.25 MB/s instead of 8.5, full
 * collections stop, and the relay's p99 at 5,000 sockets falls from about 10 ms to under 4
 * (docs/PERFORMANCE.md, "Messages that die young"). With only one of them it gets worse, not better.
 *
 * Engine.IO announces the buffer it is about to send (`flush`) and tells when the transport has taken it
 * (`drain`), both synchronously inside `flush()`. A WebSocket transport encodes and writes every packet
 * before returning, so the array is emptied then; the next one starts clean.
 */

/** The part of Socket.IO's `io.engine` used here (engine.io is Socket.IO's dependency, not ours). */
interface EngineEvents {
  on(event: 'flush', listener: (socket: unknown, buffer: unknown[]) => void): unknown;
  on(event: 'drain', listener: (socket: { transport: { name: string } }) => void): unknown;
}

export function releaseFlushedBuffers(engine: EngineEvents): void {
  let flushed: unknown[] | null = null;
  engine.on('flush', (_socket, buffer) => {
    flushed = buffer;
  });
  engine.on('drain', (socket) => {
    // Only WebSocket sends are known to be done with their packets when `flush()` returns; the server
    // allows no other transport, and this keeps a future one safe.
    if (flushed && socket.transport.name === 'websocket') flushed.length = 0;
    flushed = null;
  });
}
