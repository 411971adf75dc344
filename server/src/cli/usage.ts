/** The options the standalone server accepts and its --help text, kept apart from the parser. */
import {
  DEFAULT_CONNECTIONS_PER_ADDRESS,
  DEFAULT_EVENTS_PER_SECOND,
  DEFAULT_FORWARD_ABOVE,
  DEFAULT_FORWARDED_CAPACITY,
  DEFAULT_MAX_SENDERS,
  DEFAULT_RING_TIMEOUT_MS,
  DEFAULT_ROOM_CAPACITY,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
} from '../../../common/limits';

/** pino's levels, spelled out so a typo is refused instead of silently logging nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every option, in node:util's parseArgs form; each has an environment variable (`envVariable`). */
export const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  static: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'access-code': { type: 'string' },
  'room-capacity': { type: 'string' },
  'ring-timeout': { type: 'string' },
  'rate-limit': { type: 'string' },
  'connection-limit': { type: 'string' },
  'recovery-window': { type: 'string' },
  tls: { type: 'boolean' },
  'plain-http': { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'data-dir': { type: 'string' },
  'ice-server': { type: 'string', multiple: true },
  'turn-url': { type: 'string', multiple: true },
  'turn-secret': { type: 'string' },
  'turn-ttl': { type: 'string' },
  redis: { type: 'string' },
  'allowed-origin': { type: 'string', multiple: true },
  'metrics-token': { type: 'string' },
  updates: { type: 'string' },
  advertise: { type: 'boolean' },
  'forward-above': { type: 'string' },
  'forwarded-capacity': { type: 'string' },
  'max-senders': { type: 'string' },
  'no-forwarding': { type: 'boolean' },
} as const;
export type OptionName = keyof typeof OPTIONS;

/**
 * `--room-capacity` is `NEARCAST_ROOM_CAPACITY`: one rule, so a Dockerfile, compose file or systemd
 * unit can set any option without a table to look it up in.
 */
export function envVariable(option: OptionName): string {
  return `NEARCAST_${option.toUpperCase().replace(/-/g, '_')}`;
}

/** The flag and variable of every option but --help, one pair a line. */
const ENVIRONMENT = (Object.keys(OPTIONS) as OptionName[])
  .filter((option) => option !== 'help')
  .map((option) => `  --${option.padEnd(19)}${envVariable(option)}`)
  .join('\n');

/** Printed for --help; the first line names the ways the server is started. */
export const USAGE = `Usage: nearcast-server [options]   (node out/server/cli.js, or npm run server -- [options])

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
  --connection-limit <n>  Connections one client address may hold at once, 1 to 10000
                          (default: ${DEFAULT_CONNECTIONS_PER_ADDRESS})
  --recovery-window <sec> Seconds a dropped client may come back with the same id, rooms and missed
                          events (connection state recovery), 0 to 600 (default: 0, off)

Exposure:
  --allowed-origin <url>  Another web address whose pages may connect (e.g. https://intranet.example);
                          repeat for several. Always allowed: this server's own pages, pages on this
                          machine (the desktop app) and clients that send no Origin
  --metrics-token <token> With an access code, /metrics answers only this machine, or a request with
                          "Authorization: Bearer <token>" (at least 16 characters; prefer the variable)

Encryption (HTTPS and WSS):
  --tls                   Serve HTTPS with a self-signed certificate, created on first run and kept
                          in the data folder (a new one only when it is missing, unreadable or
                          expired); its SHA-256 fingerprint is printed at start and served at /tls.json.
                          Plain http:// on the same port is redirected to https://
  --cert <file>           PEM certificate to serve instead (needs --key; implies --tls)
  --key <file>            PEM private key of --cert
  --data-dir <dir>        Folder for the generated certificate (default: <config dir>/nearcast)
  --plain-http            With --tls or --cert: answer plain http:// on the same port with the web
                          client instead of a redirect, for guests who cannot accept the certificate:
                          they watch, listen, chat and receive files (sending camera, microphone and
                          screen needs https://, whose address the page reads from /tls.json)

ICE servers handed to clients (default: none; a LAN needs none):
  --ice-server <url>      A stun: or turn: URL without credentials; repeat for several
  --turn-url <url>        A TURN server using coturn's use-auth-secret; repeat for several
  --turn-secret <secret>  Its static-auth-secret (or NEARCAST_TURN_SECRET); clients get
                          time-limited credentials, never the secret
  --turn-ttl <sec>        Lifetime of those credentials, 60 to 604800 (default: 3600)

Desktop app updates:
  --updates <dir>         Serve the release files in this folder at /updates/ (latest.yml,
                          latest-mac.yml, latest-linux.yml and the installers and blockmaps they
                          name, as \`npm run dist\` writes them to release/), so the desktop apps on
                          the network update from this server (default: none)
  --advertise             Announce this server on the LAN over mDNS (_nearcast._tcp) with its name,
                          version, and whether it needs a code, serves HTTPS and serves updates:
                          desktop apps list it to join and update from it. Sent on every network
                          interface of this machine (default: off)

Presenting to a room (the forwarding unit): a room's media goes through this server instead of
between every pair of people, so one person can share to dozens; media is then encrypted to the
server, not end to end, and people compare the unit's code printed at start:
  --forward-above <n>     The join that takes a room above n people moves its media to the forwarding
                          unit, 0 to 64; 0 only for presentation rooms and rooms above
                          --room-capacity (default: ${DEFAULT_FORWARD_ABOVE})
  --forwarded-capacity <n> People in a room whose media goes through the unit, 2 to 500
                          (default: ${DEFAULT_FORWARDED_CAPACITY})
  --max-senders <n>       People of one such room who may send media at once, 1 to 64 (default: ${DEFAULT_MAX_SENDERS})
  --no-forwarding         Run no forwarding unit: every room is a mesh of at most --room-capacity

Scale-out:
  --redis <url>           redis://host:port shared by several server processes (Redis Streams adapter);
                          rooms then stay a mesh: the forwarding unit runs inside one process

Environment: every option can be set by a variable instead (a flag on the command line wins; an
empty variable is unset; --ice-server, --turn-url and --allowed-origin take a comma-separated list; --tls,
--plain-http, --advertise and --no-forwarding take true or false):
${ENVIRONMENT}

Exit codes: 0 stopped cleanly or --help, 1 could not start (port taken, unreadable certificate,
Redis unreachable), 2 invalid arguments.
`;
