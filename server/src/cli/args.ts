/**
 * Command-line parsing for the standalone server, as a pure function: it reads no argv, env or cwd
 * itself, so every refusal and default can be unit-tested without spawning a process.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVENTS_PER_SECOND,
  DEFAULT_RING_TIMEOUT_MS,
  DEFAULT_ROOM_CAPACITY,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
  MAX_ACCESS_CODE_LENGTH,
} from '../../../common/limits';
import { iceServerSchema } from '../../../common/signaling/signal';
import { LOG_LEVELS, type LogLevel } from './usage';

export { LOG_LEVELS, USAGE, type LogLevel } from './usage';

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
  /** 0: connection state recovery off. */
  recoveryWindowMs: number;
  /** STUN/TURN URLs handed to clients as is. */
  iceServers: string[];
  turn: { urls: string[]; secret: string; ttlSeconds: number } | null;
  /** Off, a self-signed certificate kept in `dataDir`, or the given PEM files (paths as given). */
  tls: { kind: 'off' } | { kind: 'self-signed' } | { kind: 'files'; cert: string; key: string };
  /** As given (possibly relative); the entry point resolves it. */
  dataDir: string;
  /** Redis URL for the Socket.IO Redis Streams adapter; null runs a single process. */
  redis: string | null;
}

/** What only the entry point knows: where things live on this machine, and the environment. */
export interface CliDefaults {
  staticDir: string;
  /** A `nearcast` folder under the user's config directory. */
  dataDir?: string;
  /** `NEARCAST_ACCESS_CODE`, so the code need not appear in `ps` output. */
  accessCode?: string;
  /** `NEARCAST_TURN_SECRET`, for the same reason. */
  turnSecret?: string;
}

/** Result-like: run with options, print usage, or refuse with one human line. */
export type CliParse =
  { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Follows every refusal, so an error stays one line and help stays one flag away. */
export const USAGE_HINT = 'Run with --help to see the options.';

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  static: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'access-code': { type: 'string' },
  'room-capacity': { type: 'string' },
  'ring-timeout': { type: 'string' },
  'rate-limit': { type: 'string' },
  'recovery-window': { type: 'string' },
  tls: { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'data-dir': { type: 'string' },
  'ice-server': { type: 'string', multiple: true },
  'turn-url': { type: 'string', multiple: true },
  'turn-secret': { type: 'string' },
  'turn-ttl': { type: 'string' },
  redis: { type: 'string' },
} as const;

type Values = Partial<{
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof OPTIONS)[K] extends { multiple: true }
      ? string[]
      : string;
}>;

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

function rangeError(flag: string, value: string, min: number, max: number): CliParse {
  return {
    kind: 'error',
    message: `Invalid --${flag} "${value}": expected a whole number from ${min} to ${max}.`,
  };
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Parses `argv` (without node and script). `defaults` come from the entry point's location and env. */
export function parseCliArgs(argv: readonly string[], defaults: CliDefaults): CliParse {
  let values: Values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { kind: 'error', message: describeParseError(error) };
  }
  if (values.help) return { kind: 'help' };

  const host = values.host ?? DEFAULT_SERVER_HOST;
  if (host.trim() === '' || /\s/.test(host)) {
    return { kind: 'error', message: `Invalid --host "${host}": expected an address such as 127.0.0.1.` };
  }

  const port = values.port === undefined ? DEFAULT_SERVER_PORT : parsePort(values.port);
  if (port === null) {
    return {
      kind: 'error',
      message: `Invalid --port "${values.port}": expected a whole number from 0 to 65535.`,
    };
  }

  const staticDir = values.static ?? defaults.staticDir;
  if (staticDir === '') return { kind: 'error', message: 'Option --static needs a folder.' };

  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) {
    return {
      kind: 'error',
      message: `Invalid --log-level "${logLevel}": expected one of ${LOG_LEVELS.join(', ')}.`,
    };
  }

  const rest = parseServerOptions(values, defaults);
  if ('kind' in rest) return rest;
  return { kind: 'run', options: { host, port, staticDir, logLevel, ...rest } };
}

type ServerPart = Omit<CliOptions, 'host' | 'port' | 'staticDir' | 'logLevel'>;

/** The v1 options: access, limits, TLS, ICE and Redis. */
function parseServerOptions(values: Values, defaults: CliDefaults): ServerPart | CliParse {
  const accessCode = values['access-code'] ?? defaults.accessCode ?? null;
  if (accessCode !== null && (accessCode.length < 4 || accessCode.length > MAX_ACCESS_CODE_LENGTH)) {
    return {
      kind: 'error',
      message: `Invalid access code: expected 4 to ${MAX_ACCESS_CODE_LENGTH} characters.`,
    };
  }

  const numbers: [keyof Values & string, number, number, number][] = [
    ['room-capacity', 2, 64, DEFAULT_ROOM_CAPACITY],
    ['ring-timeout', 1, 600, DEFAULT_RING_TIMEOUT_MS / 1000],
    ['rate-limit', 1, 10_000, DEFAULT_EVENTS_PER_SECOND],
    ['turn-ttl', 60, 604_800, 3600],
    ['recovery-window', 0, 600, 0],
  ];
  const parsed: Record<string, number> = {};
  for (const [flag, min, max, fallback] of numbers) {
    const given = values[flag];
    if (typeof given !== 'string') {
      parsed[flag] = fallback;
      continue;
    }
    const n = parseWhole(given, min, max);
    if (n === null) return rangeError(flag, given, min, max);
    parsed[flag] = n;
  }

  const iceServers = values['ice-server'] ?? [];
  for (const url of [...iceServers, ...(values['turn-url'] ?? [])]) {
    if (!iceServerSchema.shape.urls.element.safeParse(url).success) {
      return { kind: 'error', message: `Invalid ICE server URL "${url}": expected stun:, turn: or turns:.` };
    }
  }
  const turnUrls = values['turn-url'] ?? [];
  const turnSecret = values['turn-secret'] ?? defaults.turnSecret ?? null;
  if (turnUrls.length > 0 && !turnSecret) {
    return { kind: 'error', message: 'Option --turn-url needs --turn-secret (or NEARCAST_TURN_SECRET).' };
  }
  if (turnUrls.length === 0 && values['turn-secret'] !== undefined) {
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

  const redis = values.redis ?? null;
  if (redis !== null && !/^rediss?:\/\/\S+$/.test(redis)) {
    return {
      kind: 'error',
      message: `Invalid --redis "${redis}": expected a URL such as redis://127.0.0.1:6379.`,
    };
  }

  return {
    accessCode,
    roomCapacity: parsed['room-capacity'] ?? DEFAULT_ROOM_CAPACITY,
    ringTimeoutMs: (parsed['ring-timeout'] ?? 30) * 1000,
    eventsPerSecond: parsed['rate-limit'] ?? DEFAULT_EVENTS_PER_SECOND,
    recoveryWindowMs: (parsed['recovery-window'] ?? 0) * 1000,
    iceServers,
    turn,
    tls,
    dataDir,
    redis,
  };
}
