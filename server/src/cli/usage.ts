/** The --help text, kept apart from the parser so both stay readable. */
import {
  DEFAULT_EVENTS_PER_SECOND,
  DEFAULT_RING_TIMEOUT_MS,
  DEFAULT_ROOM_CAPACITY,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
} from '../../../common/limits';

/** pino's levels, spelled out so a typo is refused instead of silently logging nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Printed for --help; the first line names both ways the server is started in this repo. */
export const USAGE = `Usage: tsx server/src/cli.ts [options]      (or: npm run server -- [options])

Runs the Nearcast signaling server and serves the web client to browsers on your network.

Options:
  --host <address>     Interface to listen on (default: ${DEFAULT_SERVER_HOST}, every interface)
  --port <number>      Port to listen on, 0 for any free port (default: ${DEFAULT_SERVER_PORT})
  --static <dir>       Folder of the built web client (default: out/renderer)
  --log-level <level>  ${LOG_LEVELS.join(', ')} (default: info); logs go to stderr as JSON
  -h, --help           Show this help

Access and limits:
  --access-code <code>    Workspace access code every client must give (default: none, open server).
                          Prefer the NEARCAST_ACCESS_CODE environment variable: flags show up in ps.
  --room-capacity <n>     People per room or call, 2 to 64 (default: ${DEFAULT_ROOM_CAPACITY})
  --ring-timeout <sec>    Seconds an unanswered call rings, 1 to 600 (default: ${DEFAULT_RING_TIMEOUT_MS / 1000})
  --rate-limit <n>        Events per second one client may send, 1 to 10000 (default: ${DEFAULT_EVENTS_PER_SECOND})
  --recovery-window <sec> Seconds a dropped client may come back with the same id, rooms and missed
                          events (connection state recovery), 0 to 600 (default: 0, off)

Encryption (HTTPS and WSS):
  --tls                   Serve HTTPS with a self-signed certificate, created on first run and kept
                          in the data folder; its SHA-256 fingerprint is printed at start
  --cert <file>           PEM certificate to serve instead (needs --key; implies --tls)
  --key <file>            PEM private key of --cert
  --data-dir <dir>        Folder for the generated certificate (default: <config dir>/nearcast)

ICE servers handed to clients (default: none; a LAN needs none):
  --ice-server <url>      A stun: or turn: URL without credentials; repeat for several
  --turn-url <url>        A TURN server using coturn's use-auth-secret; repeat for several
  --turn-secret <secret>  Its static-auth-secret (or NEARCAST_TURN_SECRET); clients get
                          time-limited credentials, never the secret
  --turn-ttl <sec>        Lifetime of those credentials, 60 to 604800 (default: 3600)

Scale-out:
  --redis <url>           redis://host:port shared by several server processes (Redis Streams adapter)

Exit codes: 0 stopped cleanly or --help, 1 could not start (port taken, unreadable certificate,
Redis unreachable), 2 invalid arguments.
`;
