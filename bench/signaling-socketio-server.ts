/**
 * A bare Socket.IO relay for `npm run bench:signaling`: stock Socket.IO with the same engine settings as
 * Nearcast's server (WebSocket only, the same heartbeat and frame limit) and no application logic at
 * all: no validation, rate limit, room check or metrics. It speaks just enough of Nearcast's protocol
 * for the same client workers (`session:features`, `room:join`, `signal`), so its row shows what
 * Socket.IO itself costs next to PeerJS, and what Nearcast's own work adds. Prints
 * `listening on <url>` once listening on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { MAX_MESSAGE_BYTES, PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../common/limits';

const http = createServer();
const io = new Server(http, {
  transports: ['websocket'],
  maxHttpBufferSize: MAX_MESSAGE_BYTES,
  pingInterval: PING_INTERVAL_MS,
  pingTimeout: PING_TIMEOUT_MS,
  serveClient: false,
});
io.on('connection', (socket) => {
  socket.emit('session:features', { signalWithoutAck: true });
  socket.on('room:join', (_request: unknown, ack: (result: unknown) => void) => {
    ack({ ok: true, data: { peers: [] } });
  });
  socket.on('signal', (request: { to: string; data: unknown }) => {
    io.sockets.sockets.get(request.to)?.emit('signal', { from: socket.id, data: request.data });
  });
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}/\n`);
});
// Exit normally on the bench's SIGTERM, so `--cpu-prof` (bench --profile) gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
