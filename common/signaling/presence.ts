/** Presence: the directory of devices connected to a server, each with its name and status. */
import { z } from 'zod';
import { deviceIdSchema, displayNameSchema } from './names';

/** `in-call` is also set by the server while the device is in a call, whatever the client chose. */
export const presenceStatusSchema = z.enum(['available', 'busy', 'in-call']);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

export const presenceRegisterSchema = z.object({
  deviceId: deviceIdSchema,
  name: displayNameSchema,
  status: presenceStatusSchema.default('available'),
});
export type PresenceRegister = z.input<typeof presenceRegisterSchema>;

/** One row of the directory, as every connected client sees it. Socket ids are not exposed. */
export const directoryEntrySchema = z.object({
  deviceId: deviceIdSchema,
  name: displayNameSchema,
  status: presenceStatusSchema,
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const presenceLeftSchema = z.object({ deviceId: deviceIdSchema });
export type PresenceLeft = z.infer<typeof presenceLeftSchema>;
