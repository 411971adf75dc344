/**
 * Command-line parsing for the standalone server, as a pure function: it reads no argv, env or cwd
 * itself, so every refusal and default can be unit-tested without spawning a process.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SERVER_HOST, DEFAULT_SERVER_PORT } from '../../common/limits';

/** pino's levels, spelled out so a typo is refused instead of silently logging nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the entry point needs to build the server; nothing else reaches the factory. */
export interface CliOptions {
  host: string;
  port: number;
  /** As given (possibly relative); the entry point resolves it. */
  staticDir: string;
  logLevel: LogLevel;
}

/** Result-like: run with options, print usage, or refuse with one human line. */
export type CliParse =
  { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Printed for --help; the first line names both ways the server is started in this repo. */
export const USAGE = `Usage: tsx server/src/cli.ts [options]      (or: npm run server -- [options])

Runs the Nearcast signaling server and serves the web client to browsers on your network.

Options:
  --host <address>     Interface to listen on (default: ${DEFAULT_SERVER_HOST}, every interface)
  --port <number>      Port to listen on, 0 for any free port (default: ${DEFAULT_SERVER_PORT})
  --static <dir>       Folder of the built web client (default: out/renderer)
  --log-level <level>  ${LOG_LEVELS.join(', ')} (default: info); logs go to stderr as JSON
  -h, --help           Show this help
`;

/** Follows every refusal, so an error stays one line and help stays one flag away. */
export const USAGE_HINT = 'Run with --help to see the options.';

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  static: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Parses `argv` (without node and script). `defaults.staticDir` comes from the entry point's location. */
export function parseCliArgs(argv: readonly string[], defaults: { staticDir: string }): CliParse {
  let values: { host?: string; port?: string; static?: string; 'log-level'?: string; help?: boolean };
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

  return { kind: 'run', options: { host, port, staticDir, logLevel } };
}
