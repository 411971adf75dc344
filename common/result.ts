/**
 * Result values for every acknowledgement and IPC reply. Expected failures travel as data with a code
 * from a fixed set and a human message; raw exception text never crosses a process or network boundary.
 */

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
};

export interface ResultError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ResultError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function err<T = never>(code: ErrorCode, message: string = ERROR_MESSAGES[code]): Result<T> {
  return { ok: false, error: { code, message } };
}

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
