/**
 * The connection itself: what a client may give at the handshake, what a refused handshake carries
 * back, and the session notices the server sends before anything else.
 */
import { z } from 'zod';
import { MAX_ACCESS_CODE_LENGTH } from '../limits';
import { resultErrorSchema } from '../result';
import { displayNameSchema } from './names';
import { guestPresenceSchema } from './presence';

/**
 * A knock ticket from a host's lobby (server/src/admission/guest-lobby.ts): random, base64url. The guest
 * sends it back to wait for the host's answer, and on every reconnect once let in.
 */
export const knockTicketSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);

/** What a client may put in `socket.handshake.auth`; unknown fields are ignored. */
export const handshakeAuthSchema = z.object({
  accessCode: z.string().max(MAX_ACCESS_CODE_LENGTH).optional(),
  /** An unverified guest's registration; a keyed device registers with `presence:register`. */
  presence: guestPresenceSchema.optional(),
  /** A LAN guest's knock ticket (see {@link knockTicketSchema}). */
  knock: knockTicketSchema.optional(),
  /** The name a host's lobby shows ("<name> wants to join"); a keyed device registers only later. */
  guestName: displayNameSchema.optional(),
});
export type HandshakeAuth = z.input<typeof handshakeAuthSchema>;

/**
 * What `connect_error` carries for a handshake the server refused (`err.data` on the client): the
 * same code and message as any refused request. Socket.IO does not retry after it; the user must act.
 */
export const handshakeRefusalSchema = resultErrorSchema.extend({
  /** With WAITING_FOR_HOST: the ticket to connect again with, to wait for the host's answer. */
  knock: knockTicketSchema.optional(),
});
export type HandshakeRefusal = z.infer<typeof handshakeRefusalSchema>;

/**
 * Sent once right after every connection: what this server supports beyond v0, so a newer client
 * can use it and still talk to an older server (which never sends this event).
 */
export const sessionFeaturesSchema = z.object({
  /** `signal` may be sent without an ack: success is silent, a refusal arrives as `signal:refused`. */
  signalWithoutAck: z.boolean(),
  /**
   * This connection's registration challenge (base64url): a keyed device signs it to prove its key in
   * `presence:register`. Fresh for every connection, so a proof is worth nothing on another one.
   */
  challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/)
    .optional(),
});
export type SessionFeatures = z.infer<typeof sessionFeaturesSchema>;

/** Sent first when connection state recovery is on, so the client holds an offset to resume from. */
export const sessionWelcomeSchema = z.object({
  peerId: z.string(),
  recoveryWindowMs: z.number().int().nonnegative(),
});
export type SessionWelcome = z.infer<typeof sessionWelcomeSchema>;

export const serverShutdownSchema = z.object({ reason: z.literal('shutdown') });
export type ServerShutdown = z.infer<typeof serverShutdownSchema>;
