/**
 * Command-line parsing for the standalone server, as a pure function: it reads no argv, env or cwd
 * itself (the entry point passes them), so every refusal and default can be unit-tested without
 * spawning a process. Every option can also come from an environment variable (`envVariable`), for
 * containers and service managers; a flag given on the command line wins over its variable.
 */
import { parseArgs } from 'node:util';
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
  MAX_ACCESS_CODE_LENGTH,
} from '../../../common/limits';
import { iceServerSchema } from '../../../common/signaling/signal';
import { envVariable, LOG_LEVELS, OPTIONS, type LogLevel, type OptionName } from './usage';
import { canonicalOrigin } from '../admission/origin';

export { envVariable, LOG_LEVELS, OPTIONS, USAGE, type LogLevel, type OptionName } from './usage';

/** Everything the entry point needs to build the server; nothing else reaches the factory. */
export interface CliOptions {
  host: string;
  port: number;
  /** As given (possibly relative); the entry point resolves it. */
  staticDir: string;
  logLevel: LogLevel;
  /** null: an open server, as in v0. */
  accessCode: string | null;
  roomCapacity: number;
  ringTimeoutMs: number;
  eventsPerSecond: number;
  /** Connections one client address may hold at once. */
  connectionsPerAddress: number;
  /** 0: connection state recovery off. */
  recoveryWindowMs: number;
  /** STUN/TURN URLs handed to clients as is. */
  iceServers: string[];
  turn: { urls: string[]; secret: string; ttlSeconds: number } | null;
  /** Off, a self-signed certificate kept in `dataDir`, or the given PEM files (paths as given). */
  tls: { kind: 'off' } | { kind: 'self-signed' } | { kind: 'files'; cert: string; key: string };
  /** With TLS: plain HTTP on the same port gets the web client (view-only guests), not a redirect. */
  plainHttp: boolean;
  /** As given (possibly relative); the entry point resolves it. */
  dataDir: string;
  /** Redis URL for the Socket.IO Redis Streams adapter; null runs a single process. */
  redis: string | null;
  /** Page origins allowed to connect besides the server's own and loopback ones, canonical. */
  allowedOrigins: string[];
  /** With an access code: the bearer token `/metrics` takes from other machines; null: loopback only. */
  metricsToken: string | null;
  /** Folder of release files served at /updates/, as given (possibly relative); null: no updates. */
  updatesDir: string | null;
  /** Announce the server over mDNS (`_nearcast._tcp`) on every interface. */
  advertise: boolean;
  /** The forwarding unit (docs/PROTOCOL.md, "Forwarding mode"); `enabled: false` runs none. */
  forwarding: { enabled: boolean; switchAbove: number; capacity: number; maxSenders: number };
}

/** What only the entry point knows: where things live on this machine. */
export interface CliDefaults {
  staticDir: string;
  /** A `nearcast` folder under the user's config directory. */
  dataDir?: string;
}

/** The process environment, or the part of it a test gives. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/** Result-like: run with options, print usage, or refuse with one human line. */
export type CliParse =
  { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Follows every refusal, so an error stays one line and help stays one flag away. */
export const USAGE_HINT = 'Run with --help to see the options.';

type Values = Partial<{
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof OPTIONS)[K] extends { multiple: true }
      ? string[]
      : string;
}>;

/** How an option is named in a refusal: as the user gave it, flag or environment variable. */
type Namer = (option: OptionName) => string;

const SWITCH_VALUES: Record<string, boolean> = {
  '1': true,
  true: true,
  yes: true,
  on: true,
  '0': false,
  false: false,
  no: false,
  off: false,
};

/**
 * Fills every option the command line left out from its environment variable. Lists are separated by
 * commas, switches are true or false (1/0, yes/no, on/off), and an empty variable counts as unset, so
 * an env file can list every variable.
 */
function withEnvironment(flags: Values, env: CliEnv): { values: Values; name: Namer } | CliParse {
  const values: Record<string, string | string[] | boolean> = { ...flags };
  const fromEnv = new Set<OptionName>();
  for (const option of Object.keys(OPTIONS) as OptionName[]) {
    const raw = env[envVariable(option)]?.trim();
    if (option === 'help' || values[option] !== undefined || !raw) continue;
    const spec: { type: string; multiple?: boolean } = OPTIONS[option];
    if (spec.type === 'boolean') {
      const on = SWITCH_VALUES[raw.toLowerCase()];
      if (on === undefined) {
        return { kind: 'error', message: `Invalid ${envVariable(option)} "${raw}": expected true or false.` };
      }
      values[option] = on;
    } else {
      values[option] = spec.multiple
        ? raw
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : raw;
    }
    fromEnv.add(option);
  }
  return {
    values: values as Values,
    name: (option) => (fromEnv.has(option) ? envVariable(option) : `--${option}`),
  };
}

/** Turns node:util's multi-line, code-carrying errors into one short sentence. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '').replace(/^-\w, /, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option}.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${option}: every setting is given as an --option.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take an argument')
        ? `Option ${option} does not take a value.`
        : `Option ${option} needs a value.`;
    default:
      return message.split('\n', 1)[0] ?? 'Invalid arguments.';
  }
}

function parsePort(value: string): number | null {
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65_535 ? port : null;
}

/** A whole number in [min, max], or null; the flag's own error names the range. */
function parseWhole(value: string, min: number, max: number): number | null {
  if (!/^\d{1,7}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function rangeError(name: string, value: string, min: number, max: number): CliParse {
  return {
    kind: 'error',
    message: `Invalid ${name} "${value}": expected a whole number from ${min} to ${max}.`,
  };
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * Parses `argv` (without node and script) over the environment `env`. `defaults` come from the entry
 * point's location.
 */
export function parseCliArgs(argv: readonly string[], defaults: CliDefaults, env: CliEnv = {}): CliParse {
  let flags: Values;
  try {
    flags = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { kind: 'error', message: describeParseError(error) };
  }
  if (flags.help) return { kind: 'help' };
  const merged = withEnvironment(flags, env);
  if ('kind' in merged) return merged;
  const { values, name } = merged;

  const host = values.host ?? DEFAULT_SERVER_HOST;
  if (host.trim() === '' || /\s/.test(host)) {
    return {
      kind: 'error',
      message: `Invalid ${name('host')} "${host}": expected an address such as 127.0.0.1.`,
    };
  }

  const port = values.port === undefined ? DEFAULT_SERVER_PORT : parsePort(values.port);
  if (port === null) {
    return {
      kind: 'error',
      message: `Invalid ${name('port')} "${values.port}": expected a whole number from 0 to 65535.`,
    };
  }

  const staticDir = values.static ?? defaults.staticDir;
  if (staticDir === '') return { kind: 'error', message: 'Option --static needs a folder.' };

  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) {
    return {
      kind: 'error',
      message: `Invalid ${name('log-level')} "${logLevel}": expected one of ${LOG_LEVELS.join(', ')}.`,
    };
  }

  const updatesDir = values.updates ?? null;
  if (updatesDir === '') return { kind: 'error', message: 'Option --updates needs a folder.' };

  const rest = parseServerOptions(values, defaults, name);
  if ('kind' in rest) return rest;
  const advertise = values.advertise ?? false;
  return { kind: 'run', options: { host, port, staticDir, logLevel, updatesDir, advertise, ...rest } };
}

type ServerPart = Omit<CliOptions, 'host' | 'port' | 'staticDir' | 'logLevel' | 'updatesDir' | 'advertise'>;

/** The v1 options: access, limits, TLS, ICE, Redis and the forwarding unit. */
function parseServerOptions(values: Values, defaults: CliDefaults, name: Namer): ServerPart | CliParse {
  const accessCode = values['access-code'] ?? null;
  if (accessCode !== null && (accessCode.length < 4 || accessCode.length > MAX_ACCESS_CODE_LENGTH)) {
    return {
      kind: 'error',
      message: `Invalid access code: expected 4 to ${MAX_ACCESS_CODE_LENGTH} characters.`,
    };
  }

  const numbers: [OptionName, number, number, number][] = [
    ['room-capacity', 2, 64, DEFAULT_ROOM_CAPACITY],
    ['ring-timeout', 1, 600, DEFAULT_RING_TIMEOUT_MS / 1000],
    ['rate-limit', 1, 10_000, DEFAULT_EVENTS_PER_SECOND],
    ['connection-limit', 1, 10_000, DEFAULT_CONNECTIONS_PER_ADDRESS],
    ['turn-ttl', 60, 604_800, 3600],
    ['recovery-window', 0, 600, 0],
    ['forward-above', 0, 64, DEFAULT_FORWARD_ABOVE],
    ['forwarded-capacity', 2, 500, DEFAULT_FORWARDED_CAPACITY],
    ['max-senders', 1, 64, DEFAULT_MAX_SENDERS],
  ];
  const parsed: Record<string, number> = {};
  for (const [flag, min, max, fallback] of numbers) {
    const given = values[flag];
    if (typeof given !== 'string') {
      parsed[flag] = fallback;
      continue;
    }
    const n = parseWhole(given, min, max);
    if (n === null) return rangeError(name(flag), given, min, max);
    parsed[flag] = n;
  }

  const iceServers = values['ice-server'] ?? [];
  for (const url of [...iceServers, ...(values['turn-url'] ?? [])]) {
    if (!iceServerSchema.shape.urls.element.safeParse(url).success) {
      return { kind: 'error', message: `Invalid ICE server URL "${url}": expected stun:, turn: or turns:.` };
    }
  }
  const turnUrls = values['turn-url'] ?? [];
  const turnSecret = values['turn-secret'] ?? null;
  if (turnUrls.length > 0 && !turnSecret) {
    return { kind: 'error', message: 'Option --turn-url needs --turn-secret (or NEARCAST_TURN_SECRET).' };
  }
  // A secret in the environment with no TURN URL is left unused: an env file may carry it for later.
  if (turnUrls.length === 0 && turnSecret !== null && name('turn-secret') === '--turn-secret') {
    return { kind: 'error', message: 'Option --turn-secret needs at least one --turn-url.' };
  }
  const turn =
    turnUrls.length > 0 && turnSecret
      ? { urls: turnUrls, secret: turnSecret, ttlSeconds: parsed['turn-ttl'] ?? 3600 }
      : null;

  const { cert, key } = values;
  if ((cert === undefined) !== (key === undefined)) {
    return { kind: 'error', message: 'Options --cert and --key go together: give both or neither.' };
  }
  const tls: CliOptions['tls'] =
    cert !== undefined && key !== undefined
      ? { kind: 'files', cert, key }
      : values.tls
        ? { kind: 'self-signed' }
        : { kind: 'off' };
  const dataDir = values['data-dir'] ?? defaults.dataDir ?? '';
  if (tls.kind === 'self-signed' && dataDir === '') {
    return { kind: 'error', message: 'Option --tls needs a data folder: give --data-dir.' };
  }

  const plainHttp = values['plain-http'] ?? false;
  // Set in an env file with TLS off, it waits for TLS; given as a flag, it is a mistake to point out.
  if (plainHttp && tls.kind === 'off' && name('plain-http') === '--plain-http') {
    return {
      kind: 'error',
      message: 'Option --plain-http goes with --tls or --cert: plain HTTP is the default.',
    };
  }

  const redis = values.redis ?? null;
  if (redis !== null && !/^rediss?:\/\/\S+$/.test(redis)) {
    return {
      kind: 'error',
      message: `Invalid ${name('redis')} "${redis}": expected a URL such as redis://127.0.0.1:6379.`,
    };
  }

  const allowedOrigins: string[] = [];
  for (const origin of values['allowed-origin'] ?? []) {
    const canonical = canonicalOrigin(origin);
    if (canonical === null || canonical !== origin.replace(/\/$/, '')) {
      return {
        kind: 'error',
        message: `Invalid ${name('allowed-origin')} "${origin}": expected an origin such as https://intranet.example.`,
      };
    }
    allowedOrigins.push(canonical);
  }
  const metricsToken = values['metrics-token'] ?? null;
  if (metricsToken !== null && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    return { kind: 'error', message: 'Invalid metrics token: expected at least 16 characters, no spaces.' };
  }

  return {
    accessCode,
    allowedOrigins,
    metricsToken,
    roomCapacity: parsed['room-capacity'] ?? DEFAULT_ROOM_CAPACITY,
    ringTimeoutMs: (parsed['ring-timeout'] ?? 30) * 1000,
    eventsPerSecond: parsed['rate-limit'] ?? DEFAULT_EVENTS_PER_SECOND,
    connectionsPerAddress: parsed['connection-limit'] ?? DEFAULT_CONNECTIONS_PER_ADDRESS,
    recoveryWindowMs: (parsed['recovery-window'] ?? 0) * 1000,
    iceServers,
    turn,
    tls,
    plainHttp: plainHttp && tls.kind !== 'off',
    dataDir,
    redis,
    forwarding: {
      enabled: !(values['no-forwarding'] ?? false),
      switchAbove: parsed['forward-above'] ?? DEFAULT_FORWARD_ABOVE,
      capacity: parsed['forwarded-capacity'] ?? DEFAULT_FORWARDED_CAPACITY,
      maxSenders: parsed['max-senders'] ?? DEFAULT_MAX_SENDERS,
    },
  };
}
