/**
 * The self-signed certificate kept in the data folder: the same one on every start, and a new one,
 * said so with the reason, when the stored one is missing, unusable or expired, so a broken state
 * folder never keeps the server from starting.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CERT_FILE, KEY_FILE, loadOrCreateSelfSigned } from '../../server/src/cli/tls';
import { captureLogs, useHarness } from './helpers';

const harness = useHarness();

let dataDir: string;

beforeEach(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), 'nearcast-tls-state-')), 'data');
});

afterEach(async () => {
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

describe('loadOrCreateSelfSigned', () => {
  it('makes one on first start, then keeps it: same fingerprint, key readable by its owner only', async () => {
    const first = await loadOrCreateSelfSigned(dataDir, ['192.168.1.5']);
    const again = await loadOrCreateSelfSigned(dataDir, ['192.168.1.5']);

    expect(first).toMatchObject({ created: true, replaced: null });
    expect(again).toMatchObject({ created: false, replaced: null, fingerprint256: first.fingerprint256 });
    expect((await stat(join(dataDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(new X509Certificate(first.cert).checkIP('192.168.1.5')).toBe('192.168.1.5');
  });

  it('replaces a certificate that is no longer PEM, and says why', async () => {
    const first = await loadOrCreateSelfSigned(dataDir, []);
    await writeFile(join(dataDir, CERT_FILE), 'half a certificate');

    const next = await loadOrCreateSelfSigned(dataDir, []);

    expect(next.created).toBe(true);
    expect(next.replaced).toMatch(/not valid PEM/);
    expect(next.fingerprint256).not.toBe(first.fingerprint256);
    expect(new X509Certificate(next.cert).fingerprint256).toBe(next.fingerprint256);
  });

  it('replaces a key that does not match the certificate', async () => {
    await loadOrCreateSelfSigned(dataDir, []);
    const other = await loadOrCreateSelfSigned(join(dataDir, 'other'), []);
    await writeFile(join(dataDir, KEY_FILE), other.key);

    expect((await loadOrCreateSelfSigned(dataDir, [])).replaced).toMatch(/does not match/);
  });

  it('replaces an expired one once its last day has passed', async () => {
    const first = await loadOrCreateSelfSigned(dataDir, []);
    const expiry = new Date(new X509Certificate(first.cert).validTo);

    const later = await loadOrCreateSelfSigned(dataDir, [], new Date(expiry.getTime() + 1000));

    expect(later.replaced).toMatch(/expired on/);
    expect(later.fingerprint256).not.toBe(first.fingerprint256);
  });

  it('makes a new one when one of the two files is missing', async () => {
    const first = await loadOrCreateSelfSigned(dataDir, []);
    await rm(join(dataDir, KEY_FILE));

    const next = await loadOrCreateSelfSigned(dataDir, []);

    expect(next).toMatchObject({ created: true });
    expect(next.replaced).toMatch(/missing/);
    expect(next.fingerprint256).not.toBe(first.fingerprint256);
  });
});

describe('a server with TLS', () => {
  it('logs the fingerprint of the certificate it serves when it starts listening', async () => {
    const tls = await loadOrCreateSelfSigned(dataDir, []);
    const { logger, lines } = captureLogs('info');
    await harness.start({ logger, tls: { key: tls.key, cert: tls.cert } });

    expect(lines.find((line) => line.msg === 'listening')).toMatchObject({
      tls: true,
      plainHttp: 'redirect',
      fingerprint256: tls.fingerprint256,
    });
  });
});
