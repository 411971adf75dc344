/**
 * Result values for every acknowledgement and IPC reply. Expected failures travel as data with a code
 * from a fixed set and a human message; raw exception text never crosses a process or network boundary.
 */
import { z } from 'zod';

/** Every error code a peer, the server or the main process may answer with. */
export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'NOT_IN_ROOM',
  'ALREADY_IN_ROOM',
  'PEER_NOT_FOUND',
  'SOURCE_NOT_FOUND',
  'UNAVAILABLE',
  'SERVER_UNREACHABLE',
  'INTERNAL',
  'ACCESS_DENIED',
  'RATE_LIMITED',
  'NOT_REGISTERED',
  'DEVICE_NOT_FOUND',
  'BUSY',
  'CALL_NOT_FOUND',
  'WRONG_PIN',
  'ROOM_FULL',
  'ROOM_LOCKED',
  'NOT_ALLOWED',
  'TOO_MANY_CONNECTIONS',
  'WAITING_FOR_HOST',
  'NOT_LET_IN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Default wording shown to a user when the sender gave no more specific message. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  INVALID_PAYLOAD: 'The request was malformed and has been refused.',
  NOT_IN_ROOM: 'You are not in a room. Join a room first.',
  ALREADY_IN_ROOM: 'You are already in a room. Leave it before joining another.',
  PEER_NOT_FOUND: 'That participant is not in your room.',
  SOURCE_NOT_FOUND: 'That screen or window is no longer available.',
  UNAVAILABLE: 'This feature is not available here.',
  SERVER_UNREACHABLE: 'The server did not answer. Check that it is running and reachable, then try again.',
  INTERNAL: 'Something went wrong on the other side. Please try again.',
  ACCESS_DENIED: 'This server needs the workspace access code. Ask whoever runs it for the code.',
  RATE_LIMITED: 'Too many requests at once. Wait a moment and try again.',
  NOT_REGISTERED: 'Register your device with the server before doing this.',
  DEVICE_NOT_FOUND: 'That person is not connected right now.',
  BUSY: 'That person is already in a call.',
  CALL_NOT_FOUND: 'That call has ended or was never yours to answer.',
  WRONG_PIN: 'That PIN is not right for this room.',
  ROOM_FULL: 'This room is full.',
  ROOM_LOCKED: 'This room is locked: nobody else can join right now.',
  NOT_ALLOWED: 'Only the host of the room can do that.',
  TOO_MANY_CONNECTIONS:
    'This computer has too many connections to the server open. Close some tabs or windows of Nearcast and try again.',
  WAITING_FOR_HOST: 'Waiting for the host to let you in…',
  NOT_LET_IN: 'The host did not let you in.',
};

export interface ResultError {
  code: ErrorCode;
  message: string;
  /** With RATE_LIMITED, when known: how long before the same request may succeed. */
  retryAfterMs?: number;
}

/** A ResultError as it crosses the wire, for whoever receives one. */
export const resultErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(500),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

export type Result<T> = { ok: true; data: T } | { ok: false; error: ResultError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function err<T = never>(code: ErrorCode, message: string = ERROR_MESSAGES[code]): Result<T> {
  return { ok: false, error: { code, message } };
}

/** RATE_LIMITED with the wait before a retry may succeed, in whole seconds in the message too. */
export function rateLimited<T = never>(retryAfterMs: number, message: string): Result<T> {
  return { ok: false, error: { code: 'RATE_LIMITED', message, retryAfterMs } };
}

/** Schema of a Result ack carrying `data`, for clients that validate what the server answers. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: resultErrorSchema }),
  ]);
}

/** First issue of a zod error in English, for a human-readable refusal without internals. */
export { firstIssue } from './issues';

/** A bug, not an expected failure: thrown, carries a code so logs can group it. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}
