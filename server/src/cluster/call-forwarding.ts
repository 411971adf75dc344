/**
 * A call runs in the process where it started. A call request that reaches another process of the
 * cluster is forwarded to every process; the one that owns the call runs it and answers, the others
 * answer null.
 */
import { err, type Result } from '../../../common/result';
import type { CallCommand } from '../transport/inter-server';
import type { SignalingIo } from '../transport/io';

const CALL_EVENT = 'nearcast:call';

/** Sends a command to the process owning its call; CALL_NOT_FOUND when no process owns it. */
export function callForwarder(io: SignalingIo): (command: CallCommand) => Promise<Result<unknown>> {
  return async (command) => {
    // Rejects after the adapter's requestsTimeout when a process does not answer: the router says INTERNAL.
    const answers = await io.serverSideEmitWithAck(CALL_EVENT, command);
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
