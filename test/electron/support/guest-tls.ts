/**
 * One certificate for the hosting tests, made by the server's own generator in a temporary folder the
 * first time a test asks for it (a fresh key per test would only slow them down).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSelfSigned, type TlsMaterial } from '../../../server/src/index';

let made: Promise<TlsMaterial> | null = null;

export function guestCertificate(): Promise<TlsMaterial> {
  made ??= loadOrCreateSelfSigned(mkdtempSync(join(tmpdir(), 'nearcast-guest-tls-')), ['192.168.1.20']);
  return made;
}
