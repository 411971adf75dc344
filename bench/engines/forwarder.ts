/**
 * Entry of the forwarder's own process (`node --import tsx bench/engines/forwarder.ts <engine>`, forked
 * by bench/engines/main.ts with an IPC channel), so that the CPU it uses is measured alone. It runs one
 * engine's forwarder and answers the benchmark's requests; it exits when the benchmark disconnects.
 */
import { createNdcForwarder } from './forwarder-ndc';
import { createWeriftForwarder } from './forwarder-werift';
import { ENGINES, type EngineName, type Forwarder, type Reply, type Request } from './protocol';

const engine = process.argv[2] as EngineName;
if (!ENGINES.includes(engine)) {
  console.error(`usage: forwarder.ts <${ENGINES.join('|')}>`);
  process.exit(2);
}

const forwarder: Forwarder = engine === 'werift' ? createWeriftForwarder() : createNdcForwarder();

function reply(message: Reply): void {
  process.send?.(message);
}

async function handle(request: Request): Promise<Reply> {
  switch (request.op) {
    case 'publish':
      return { seq: request.seq, ok: true, sdp: await forwarder.publish(request.sdp) };
    case 'subscribe':
      return { seq: request.seq, ok: true, sdp: await forwarder.subscribe(request.id) };
    case 'accept':
      await forwarder.accept(request.id, request.sdp);
      return { seq: request.seq, ok: true };
    case 'counts':
      return { seq: request.seq, ok: true, counts: forwarder.counts() };
  }
}

process.on('message', (request: Request) => {
  handle(request).then(reply, (error: unknown) =>
    reply({ seq: request.seq, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// Both engines keep sockets open; the benchmark closing the channel is the signal to go.
process.on('disconnect', () => process.exit(0));
reply({ ready: true });
