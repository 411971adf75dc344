/**
 * Direct calls: an invitation rings devices from the directory; those who accept land in a private
 * call room that negotiates like any room.
 */
import { z } from 'zod';
import { issueKey } from '../issues';
import { MAX_CALL_INVITEES } from '../limits';
import { deviceIdSchema, displayNameSchema } from './names';
import { peerInfoSchema } from './room';

export const callIdSchema = z.uuid({ error: issueKey('callId.invalid') });

export const callInviteSchema = z.object({
  to: z
    .array(deviceIdSchema)
    .min(1, issueKey('callInvite.nobody'))
    .max(MAX_CALL_INVITEES, issueKey('callInvite.tooMany')),
  /** Present to invite more people into a call you are in; absent to start a new call. */
  callId: callIdSchema.optional(),
});
export type CallInvite = z.input<typeof callInviteSchema>;

export const callInvitedSchema = z.object({ callId: callIdSchema, ringing: z.array(deviceIdSchema) });
export type CallInvited = z.infer<typeof callInvitedSchema>;

export const callRefSchema = z.object({ callId: callIdSchema });
export type CallRef = z.infer<typeof callRefSchema>;

export const callRingingSchema = z.object({
  callId: callIdSchema,
  from: z.object({ deviceId: deviceIdSchema, name: displayNameSchema }),
});
export type CallRinging = z.infer<typeof callRingingSchema>;

/** Answer to `call:accept`: the private call room, shaped like a room join so negotiation is the same. */
export const callJoinedSchema = z.object({
  callId: callIdSchema,
  self: peerInfoSchema,
  peers: z.array(peerInfoSchema),
});
export type CallJoined = z.infer<typeof callJoinedSchema>;

/** `busy`: the callee's status declined for them (they never saw the call; it is in their missed calls). */
export const callDeclineSchema = callRefSchema.extend({ busy: z.boolean().optional() });
export type CallDecline = z.infer<typeof callDeclineSchema>;

export const callDeclinedSchema = z.object({
  callId: callIdSchema,
  deviceId: deviceIdSchema,
  busy: z.boolean().optional(),
});
export type CallDeclined = z.infer<typeof callDeclinedSchema>;

/**
 * Why a call or a ring ended: `timeout` nobody answered in time, `declined` every callee declined,
 * `cancelled` the caller withdrew, `hung-up` only one participant was left, `unreachable` the caller
 * disconnected while ringing.
 */
export const callEndReasonSchema = z.enum(['timeout', 'declined', 'cancelled', 'hung-up', 'unreachable']);
export type CallEndReason = z.infer<typeof callEndReasonSchema>;

export const callEndedSchema = z.object({ callId: callIdSchema, reason: callEndReasonSchema });
export type CallEnded = z.infer<typeof callEndedSchema>;
