/**
 * Namespaced logger for the renderer. Quiet by default (warnings and errors only) so tests and the
 * browser console stay readable; `localStorage.nearcastDebug = '1'` turns on debug output (read through
 * the storage module, which copes with a page that has no storage).
 */
import { debugLogging } from './services/storage';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  return debugLogging() ? ORDER.debug : ORDER.warn;
}

export interface Logger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export function createLogger(namespace: string): Logger {
  const write = (level: Level, message: string, details?: unknown): void => {
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
