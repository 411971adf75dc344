/** Presence: the directory of devices connected to a server, each with its name and status. */
import { z } from 'zod';
import { deviceIdSchema, displayNameSchema } from './names';

/** `in-call` is also set by the server while the device is in a call, whatever the client chose. */
export const presenceStatusSchema = z.enum(['available', 'busy', 'in-call']);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

/**
 * A device id derived from a device key starts with this, then the SHA-256 of the key's SPKI in
 * base64url (43 characters). Only a registration proving that key may claim such an id.
 */
export const KEYED_DEVICE_PREFIX = 'dk-';

/** What a device signs to register on one connection: the server's challenge, in a fixed context. */
export function presenceProofMessage(challenge: string): string {
  return `nearcast-presence-v1:${challenge}`;
}

const base64urlSchema = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);

/**
 * Proof of possession of the device key: its ECDSA P-256 public key (SPKI, base64url) and a signature
 * (SHA-256, IEEE P1363 r‖s, base64url) over {@link presenceProofMessage} of this connection's challenge.
 */
export const deviceProofSchema = z.object({
  publicKey: base64urlSchema(256),
  signature: base64urlSchema(128),
});
export type DeviceProof = z.infer<typeof deviceProofSchema>;

export const presenceRegisterSchema = z.object({
  deviceId: deviceIdSchema,
  name: displayNameSchema,
  status: presenceStatusSchema.default('available'),
  /** Required for a keyed device id; without it the device is an unverified guest. */
  proof: deviceProofSchema.optional(),
});
export type PresenceRegister = z.input<typeof presenceRegisterSchema>;

/**
 * A registration without proof (an unverified guest), as the handshake accepts it: a keyed id needs
 * the connection's challenge, which only exists once connected.
 */
export const guestPresenceSchema = presenceRegisterSchema
  .omit({ proof: true })
  .refine((presence) => !presence.deviceId.startsWith(KEYED_DEVICE_PREFIX), {
    message: 'A keyed device id is registered with presence:register and its proof.',
    path: ['deviceId'],
  });

/** One row of the directory, as every connected client sees it. Socket ids are not exposed. */
export const directoryEntrySchema = z.object({
  deviceId: deviceIdSchema,
  name: displayNameSchema,
  status: presenceStatusSchema,
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const presenceLeftSchema = z.object({ deviceId: deviceIdSchema });
export type PresenceLeft = z.infer<typeof presenceLeftSchema>;
