/**
 * The one place a client request becomes a handler call: arguments are validated by a schema, a
 * request without an ack is dropped, every refusal is counted, and a thrown error is a bug that is
 * logged and answered INTERNAL without its text.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { err, type Result } from '../../common/result';
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

export type Route = <I, T>(event: ClientEvent, schema: z.ZodType<I>, handle: Handler<I, T>) => void;

/** Builds `route(event, schema, handler)` for one socket. */
export function createRouter(context: HandlerContext, socket: SignalingSocket, peerLog: Logger): Route {
  return (event, schema, handle) => {
    socket.on(event, (...args: unknown[]) => {
      try {
        const last = args.at(-1);
        const ack = typeof last === 'function' ? (last as (result: Result<unknown>) => void) : null;
        const parsed = parseArgs(schema, ack ? args.slice(0, -1) : args);
        if (!ack) {
          peerLog.debug({ event, valid: parsed.ok }, 'dropped request without acknowledgement');
          return;
        }
        const answer = (result: Result<unknown>) => {
          if (!result.ok) context.metrics.refusals.inc({ code: result.error.code });
          ack(result);
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
