/**
 * Namespaced logger for the renderer. Quiet by default (warnings and errors only) so tests and the
 * browser console stay readable; `localStorage.nearcastDebug = '1'` turns on debug output. The logger
 * imports nothing, so every layer (the engine included) may log: main.ts tells it where the switch is
 * read (the storage module, which copes with a page that has no storage).
 */

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let debugSwitch: () => boolean = () => false;
let errorSink: ((namespace: string, message: string, details: unknown) => void) | null = null;

/**
 * Where error lines go besides the console: in the desktop app, main's log file (services/
 * error-reports.ts). Always written, whatever the debug switch says.
 */
export function sendErrorsTo(
  sink: ((namespace: string, message: string, details: unknown) => void) | null,
): void {
  errorSink = sink;
}

/** Where to read the debug switch; read at each line, so turning it on needs no reload. */
export function readDebugSwitchFrom(read: () => boolean): void {
  debugSwitch = read;
}

function threshold(): number {
  return debugSwitch() ? ORDER.debug : ORDER.warn;
}

export interface Logger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export function createLogger(namespace: string): Logger {
  const write = (level: Level, message: string, details?: unknown): void => {
    if (level === 'error') errorSink?.(namespace, message, details);
    if (ORDER[level] < threshold()) return;
    const line = `[${namespace}] ${message}`;
    /* eslint-disable no-console -- this is the one place that writes to the console */
    const sink = level === 'debug' ? console.debug : level === 'info' ? console.info : console[level];
    if (details === undefined) sink(line);
    else sink(line, details);
    /* eslint-enable no-console */
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
