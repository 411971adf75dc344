/**
 * Page errors sent to the desktop app's log file, the one "Open logs" shows, so a bug report holds what
 * went wrong in the page too: uncaught errors, unhandled promise rejections, and the logger's error
 * lines. Reports are cut to the sizes main accepts (common/ipc); main bounds their rate. A report that
 * cannot be sent is dropped silently: logging its failure would report again.
 */
import {
  MAX_RENDERER_ERROR_MESSAGE,
  MAX_RENDERER_ERROR_STACK,
  type RendererError,
} from '../../../common/ipc';
import { sendErrorsTo } from '../log';

type Report = (report: RendererError) => void;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An error's message and stack whatever was thrown (an Error, a string, anything). */
export function describeThrown(thrown: unknown): { message: string; stack?: string } {
  if (thrown instanceof Error) {
    return {
      message: cut(`${thrown.name}: ${thrown.message}`, MAX_RENDERER_ERROR_MESSAGE),
      ...(thrown.stack ? { stack: cut(thrown.stack, MAX_RENDERER_ERROR_STACK) } : {}),
    };
  }
  let text: string;
  try {
    text = typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    text = String(thrown);
  }
  return { message: cut(text, MAX_RENDERER_ERROR_MESSAGE) };
}

/**
 * Listens on `win` and the logger; returns what stops it. `report` is the platform's (a no-op answer
 * UNAVAILABLE in a browser, so it is installed only in the app).
 */
export function reportErrors(
  win: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  report: Report,
): () => void {
  const onError = (event: Event): void => {
    const { error, message, filename } = event as ErrorEvent;
    const described = describeThrown(error ?? message);
    report({ kind: 'error', ...described, ...(filename ? { source: cut(filename, 200) } : {}) });
  };
  const onRejection = (event: Event): void => {
    report({ kind: 'unhandledrejection', ...describeThrown((event as PromiseRejectionEvent).reason) });
  };
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  sendErrorsTo((namespace, message, details) => {
    const detail = details === undefined ? null : describeThrown(details);
    report({
      kind: 'logged',
      message: cut(detail ? `${message}: ${detail.message}` : message, MAX_RENDERER_ERROR_MESSAGE),
      ...(detail?.stack ? { stack: detail.stack } : {}),
      source: cut(namespace, 200),
    });
  });
  return () => {
    win.removeEventListener('error', onError);
    win.removeEventListener('unhandledrejection', onRejection);
    sendErrorsTo(null);
  };
}
