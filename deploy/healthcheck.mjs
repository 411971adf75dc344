/**
 * The container image's HEALTHCHECK (Dockerfile): GET /healthz on this machine, on the port and scheme
 * the server was given through its environment (NEARCAST_PORT, NEARCAST_TLS or NEARCAST_CERT, as the
 * image expects them). Exits 0 when the server answers 200, 1 otherwise. A self-signed certificate is
 * accepted: this checks that the server is up, not who it is.
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

const env = process.env;
const tls = /^(1|true|yes|on)$/i.test(env.NEARCAST_TLS?.trim() ?? '') || Boolean(env.NEARCAST_CERT?.trim());
const get = tls ? httpsGet : httpGet;
const request = get(
  {
    host: '127.0.0.1',
    port: Number(env.NEARCAST_PORT?.trim() || 4780),
    path: '/healthz',
    rejectUnauthorized: false,
    timeout: 4000,
  },
  (response) => {
    response.resume();
    process.exit(response.statusCode === 200 ? 0 : 1);
  },
);
request.on('error', () => process.exit(1));
request.on('timeout', () => request.destroy(new Error('timed out')));
