/**
 * The one place a client request becomes a handler call: arguments are validated by a schema, a
 * request without an ack is dropped, every refusal is counted, and a thrown error is a bug that is
 * logged and answered INTERNAL without its text.
 *
 * Routes are built once per server and take the socket as an argument. Nothing here is created per
 * socket: at 5,000 sockets, per-socket listeners and closures were most of the heap that full
 * collections had to mark (docs/PERFORMANCE.md, "Where the tail comes from").
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { err, type Result, type ResultError, firstIssue } from '../../../common/result';
import type { Dispatch } from '../admission/packet-gate';
import type { ServerMetrics } from '../http/metrics';
import type { ClientEvent, SignalingSocket } from '../transport/io';

/** Requests that carry nothing but their ack; anything in front of the ack is refused. */
export const noPayloadSchema = z.undefined({ error: 'This request takes no payload.' });

type Parsed<I> = { ok: true; value: I } | { ok: false; message: string };

/** Validates the arguments in front of the ack: at most one payload, accepted by `schema`. */
function parseArgs<I>(schema: z.ZodType<I>, args: unknown[]): Parsed<I> {
  if (args.length > 1) return { ok: false, message: 'Expected a single payload.' };
  const parsed = schema.safeParse(args[0]);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: firstIssue(parsed.error) };
}

/** What a request may answer: at once, or later when other processes replied. */
export type Answer<T> = Result<T> | Promise<Result<T>>;

/**
 * One request type. Written with method syntax so a route for a specific input fits the route table
 * (methods are checked bivariantly); `route()` below ties the schema's type to the handler's.
 */
export interface RouteSpec<I> {
  schema: z.ZodType<I>;
  handle(socket: SignalingSocket, input: I): Answer<unknown>;
  /**
   * What to do with a request that came without an ack: absent, it is dropped (every request but
   * `signal`); present, the handler runs and only a refusal is reported, through this callback.
   */
  unacknowledged?(socket: SignalingSocket, error: ResultError, request: I | null): void;
}

/** Every client event and its route: the type makes a forgotten event a compile error. */
export type RouteTable = Record<ClientEvent, RouteSpec<unknown>>;

/** Builds a route whose handler gets the schema's output type. */
export function route<I>(
  schema: z.ZodType<I>,
  handle: (socket: SignalingSocket, input: I) => Answer<unknown>,
  unacknowledged?: (socket: SignalingSocket, error: ResultError, request: I | null) => void,
): RouteSpec<I> {
  return unacknowledged ? { schema, handle, unacknowledged } : { schema, handle };
}

/** What answering a request needs besides its route: where refusals and bugs are recorded. */
export interface RouterParts {
  log: Logger;
  metrics: Pick<ServerMetrics, 'refusals'>;
  /** Undoes what a request answered after its socket went added for it (connection.ts). */
  sweep: (socket: SignalingSocket) => void;
}

/**
 * The dispatcher of one server's route table, for the packet gate: runs a packet's request if its
 * event has a route (`args` is the packet after its event name, the ack, if any, last).
 */
export function createRouter(routes: RouteTable, parts: RouterParts): Dispatch {
  // A Map, so a hostile event name such as `__proto__` finds nothing.
  const known = new Map<string, RouteSpec<unknown>>(Object.entries(routes));
  return (socket, event, args) => {
    if (typeof event !== 'string') return false;
    const spec = known.get(event);
    if (spec === undefined) return false;
    answerRequest(parts, socket, event, spec, args);
    return true;
  };
}

function answerRequest(
  parts: RouterParts,
  socket: SignalingSocket,
  event: string,
  spec: RouteSpec<unknown>,
  args: unknown[],
): void {
  const { log, metrics } = parts;
  try {
    const last = args[args.length - 1];
    // Socket.IO passes the client's ack as the last argument: a function taking one value, our Result.
    const ack = typeof last === 'function' ? (last as (result: Result<unknown>) => void) : null;
    if (ack) args.pop();
    const parsed = parseArgs(spec.schema, args);
    if (!ack && !spec.unacknowledged) {
      log.debug({ peer: socket.id, event, valid: parsed.ok }, 'dropped request without acknowledgement');
      return;
    }
    const answer = (result: Result<unknown>) => {
      if (!socket.connected) {
        parts.sweep(socket);
        return;
      }
      if (result.ok) {
        ack?.(result);
        return;
      }
      metrics.refusals.inc({ code: result.error.code });
      if (ack) ack(result);
      else spec.unacknowledged?.(socket, result.error, parsed.ok ? parsed.value : null);
    };
    if (!parsed.ok) {
      log.debug({ peer: socket.id, event, reason: parsed.message }, 'refused invalid payload');
      answer(err('INVALID_PAYLOAD', parsed.message));
      return;
    }
    const failed = (error: unknown) => {
      log.error({ err: error, peer: socket.id, event }, 'request handler failed');
      answer(err('INTERNAL'));
    };
    let result: Answer<unknown>;
    try {
      result = spec.handle(socket, parsed.value);
    } catch (error) {
      failed(error);
      return;
    }
    // Most handlers answer at once; those that ask other processes answer when they reply.
    if (result instanceof Promise) result.then(answer, failed);
    else answer(result);
  } catch (error) {
    log.error({ err: error, peer: socket.id, event }, 'could not answer request');
  }
}
