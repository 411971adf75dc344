/**
 * Certificates for HTTPS/WSS. Browsers only grant camera, microphone and screen capture to secure
 * origins, so a LAN guest on another machine needs HTTPS; a self-signed certificate made once and
 * kept on disk gives a stable SHA-256 fingerprint people can compare with what their browser shows.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { CodedError } from '../../../common/result';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** `AB:CD:...`, as browsers show it in the certificate viewer. */
  fingerprint256: string;
  /** True when this run generated the certificate. */
  created: boolean;
  /**
   * Why a kept certificate was replaced by a new one (its fingerprint changed, so people who compared
   * the old one must compare again); null when nothing was replaced.
   */
  replaced: string | null;
}

export const KEY_FILE = 'tls-key.pem';
export const CERT_FILE = 'tls-cert.pem';
/** Browsers cap certificate lifetimes near 398 days; a shorter one also limits a leaked key's use. */
const VALIDITY_DAYS = 397;

/** The OS error code of a failed file operation, for a message a person can act on. */
function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'unknown error';
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CodedError('TLS_UNREADABLE', `Could not read the ${what} file ${path} (${errorCode(error)}).`);
  }
}

/** Checks the pair is PEM and matches, so a wrong file fails at start rather than at the first visitor. */
function inspect(cert: string, key: string, source: string): X509Certificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
    createPrivateKey(key);
  } catch {
    throw new CodedError('TLS_INVALID', `${source}: the certificate or key is not valid PEM.`);
  }
  try {
    createSecureContext({ cert, key });
  } catch {
    throw new CodedError('TLS_INVALID', `${source}: the private key does not match the certificate.`);
  }
  return x509;
}

/** A certificate the operator provides (e.g. from their own CA). */
export async function loadCertificateFiles(certPath: string, keyPath: string): Promise<TlsMaterial> {
  const cert = await readPem(certPath, 'certificate');
  const key = await readPem(keyPath, 'private key');
  const x509 = inspect(cert, key, certPath);
  return { cert, key, fingerprint256: x509.fingerprint256, created: false, replaced: null };
}

/** The kept pair when it can still serve at `now`, or why not (null when there was none at all). */
async function keptCertificate(
  certPath: string,
  keyPath: string,
  now: Date,
): Promise<{ kept: TlsMaterial } | { reason: string | null }> {
  const present = [existsSync(certPath), existsSync(keyPath)];
  if (!present[0] && !present[1]) return { reason: null };
  if (!present[0] || !present[1]) {
    return { reason: `its ${present[0] ? 'private key' : 'certificate'} file was missing` };
  }
  let stored: TlsMaterial;
  try {
    stored = await loadCertificateFiles(certPath, keyPath);
  } catch (error) {
    return { reason: (error instanceof CodedError ? error.message : String(error)).replace(/\.$/, '') };
  }
  const validTo = new Date(new X509Certificate(stored.cert).validTo);
  if (validTo <= now) return { reason: `it expired on ${validTo.toISOString().slice(0, 10)}` };
  return { kept: stored };
}

/**
 * The certificate kept in `dataDir`, generated on first run for localhost, loopback and the given LAN
 * addresses, and again when the stored one is missing a file, unreadable, not a matching pair or
 * expired: a broken state folder never keeps the server from starting, and `replaced` says why the
 * fingerprint changed. The key file is readable by its owner only.
 */
export async function loadOrCreateSelfSigned(
  dataDir: string,
  addresses: readonly string[],
  now: Date = new Date(),
): Promise<TlsMaterial> {
  const keyPath = join(dataDir, KEY_FILE);
  const certPath = join(dataDir, CERT_FILE);
  const stored = await keptCertificate(certPath, keyPath, now);
  if ('kept' in stored) return stored.kept;
  const altNames = [
    { type: 2 as const, value: 'localhost' },
    ...['127.0.0.1', '::1', ...addresses].map((ip) => ({ type: 7 as const, ip })),
  ];
  // Loaded on first use: most starts reuse the kept certificate and never need the generator. It is a
  // CommonJS module: `default` is its exports under Node and in the server bundle alike, where a split
  // chunk exports nothing else.
  const { generate } = (await import('selfsigned')).default;
  const pems = await generate([{ name: 'commonName', value: 'Nearcast server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALIDITY_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Written anew, not over: a kept file's mode would otherwise survive (writeFile's mode applies on
    // creation only).
    await rm(keyPath, { force: true });
    await writeFile(keyPath, pems.private, { mode: 0o600 });
    await chmod(keyPath, 0o600);
    await writeFile(certPath, pems.cert, { mode: 0o644 });
  } catch (error) {
    throw new CodedError(
      'TLS_UNWRITABLE',
      `Could not save the certificate in ${dataDir} (${errorCode(error)}).`,
    );
  }
  const x509 = inspect(pems.cert, pems.private, certPath);
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint256: x509.fingerprint256,
    created: true,
    replaced: stored.reason,
  };
}
