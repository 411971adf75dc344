/**
 * A call runs in the process where it started. A call request that reaches another process of the
 * cluster is forwarded to every process; the one that owns the call runs it and answers, the others
 * answer null. When the processes cannot reach each other (Redis is away, or a process does not
 * answer in time) the request is answered UNAVAILABLE.
 */
import type { Logger } from 'pino';
import { err, type Result } from '../../../common/result';
import type { CallCommand } from '../transport/inter-server';
import type { SignalingIo } from '../transport/io';

const CALL_EVENT = 'nearcast:call';

/**
 * Sends a command to the process owning its call; CALL_NOT_FOUND when no process owns it,
 * UNAVAILABLE when the others cannot be asked.
 */
export function callForwarder(
  io: SignalingIo,
  log: Logger,
): (command: CallCommand) => Promise<Result<unknown>> {
  return async (command) => {
    let answers: (Result<unknown> | null)[];
    try {
      // Rejects at once while Redis is away, or after the adapter's requestsTimeout (5 s) when a
      // process does not answer.
      answers = await io.serverSideEmitWithAck(CALL_EVENT, command);
    } catch (error) {
      log.warn({ err: error, command: command.kind }, 'could not forward a call request');
      return err(
        'UNAVAILABLE',
        'The server cannot reach the process that runs this call right now. Try again.',
      );
    }
    return answers.find((answer) => answer !== null) ?? err('CALL_NOT_FOUND');
  };
}

/** Runs the commands other processes forward for calls of this process. */
export function answerForwardedCalls(
  io: SignalingIo,
  calls: { owns(callId: string): boolean; run(command: CallCommand): Result<unknown> },
): void {
  io.on(CALL_EVENT, (command, ack) => {
    ack(command.callId !== undefined && calls.owns(command.callId) ? calls.run(command) : null);
  });
}
