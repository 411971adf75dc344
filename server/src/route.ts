/**
 * The one place a client request becomes a handler call: arguments are validated by a schema, a
 * request without an ack is dropped, every refusal is counted, and a thrown error is a bug that is
 * logged and answered INTERNAL without its text.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { err, type Result, type ResultError } from '../../common/result';
import { firstIssue } from '../../common/schemas';
import type { ClientEvent, Handler, HandlerContext, SignalingSocket } from './context';

/** Requests that carry nothing but their ack; anything in front of the ack is refused. */
export const noPayloadSchema = z.undefined({ error: 'This request takes no payload.' });

type Parsed<I> = { ok: true; value: I } | { ok: false; message: string };

/** Validates the arguments in front of the ack: at most one payload, accepted by `schema`. */
function parseArgs<I>(schema: z.ZodType<I>, args: unknown[]): Parsed<I> {
  if (args.length > 1) return { ok: false, message: 'Expected a single payload.' };
  const parsed = schema.safeParse(args[0]);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: firstIssue(parsed.error) };
}

/**
 * What to do with a request that came without an ack: absent, it is dropped (every request but
 * `signal`); present, the handler runs and only a refusal is reported, through this callback.
 */
export type Unacknowledged<I> = (error: ResultError, request: I | null) => void;

export type Route = <I, T>(
  event: ClientEvent,
  schema: z.ZodType<I>,
  handle: Handler<I, T>,
  unacknowledged?: Unacknowledged<I>,
) => void;

/** Builds `route(event, schema, handler)` for one socket. */
export function createRouter(context: HandlerContext, socket: SignalingSocket, peerLog: Logger): Route {
  const { refusals } = context.metrics;
  return (event, schema, handle, unacknowledged) => {
    socket.on(event, (...args: unknown[]) => {
      try {
        const last = args[args.length - 1];
        const ack = typeof last === 'function' ? (last as (result: Result<unknown>) => void) : null;
        if (ack) args.pop();
        const parsed = parseArgs(schema, args);
        if (!ack && !unacknowledged) {
          peerLog.debug({ event, valid: parsed.ok }, 'dropped request without acknowledgement');
          return;
        }
        const answer = (result: Result<unknown>) => {
          if (result.ok) {
            ack?.(result);
            return;
          }
          refusals.inc({ code: result.error.code });
          if (ack) ack(result);
          else unacknowledged?.(result.error, parsed.ok ? parsed.value : null);
        };
        if (!parsed.ok) {
          peerLog.debug({ event, reason: parsed.message }, 'refused invalid payload');
          answer(err('INVALID_PAYLOAD', parsed.message));
          return;
        }
        const failed = (error: unknown) => {
          peerLog.error({ err: error, event }, 'request handler failed');
          answer(err('INTERNAL'));
        };
        let result: Result<unknown> | Promise<Result<unknown>>;
        try {
          result = handle(parsed.value);
        } catch (error) {
          failed(error);
          return;
        }
        // Most handlers answer at once; those that ask other processes answer when they reply.
        if (result instanceof Promise) result.then(answer, failed);
        else answer(result);
      } catch (error) {
        peerLog.error({ err: error, event }, 'could not answer request');
      }
    });
  };
}
