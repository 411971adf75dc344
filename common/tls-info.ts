/**
 * What a server serving HTTPS tells any page that asks, over HTTP or HTTPS: a page a guest opened over
 * plain HTTP learns that the same address over HTTPS lets it send camera, microphone and screen, and
 * which certificate to expect there; an operator can read the fingerprint with any HTTP tool.
 */
import { z } from 'zod';

/** Answered 404 by a server without HTTPS. */
export const TLS_INFO_PATH = '/tls.json';

/** The SHA-256 fingerprint as browsers' certificate viewers show it: 32 hex pairs, colon-separated. */
export const FINGERPRINT_256 = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;

export const tlsInfoSchema = z.object({
  /** The certificate the server presents on the same host and port over HTTPS. */
  fingerprint256: z.string().regex(FINGERPRINT_256),
});
export type TlsInfo = z.infer<typeof tlsInfoSchema>;
