import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normaliseFingerprint, unitCode } from '../../common/unit-code';

/** A fingerprint as the unit reports it and as SDP carries it. */
const FINGERPRINT =
  'sha-256 00:07:0E:15:1C:23:2A:31:38:3F:46:4D:54:5B:62:69:70:77:7E:85:8C:93:9A:A1:A8:AF:B6:BD:C4:CB:D2:D9';

describe('unitCode', () => {
  it('is sha256 of "nearcast-unit\\n<fingerprint>", first 4 bytes big-endian mod 1e6, as three pairs', () => {
    const digest = createHash('sha256').update(`nearcast-unit\n${FINGERPRINT}`).digest();
    const digits = (digest.readUInt32BE(0) % 1_000_000).toString().padStart(6, '0');
    expect(unitCode(FINGERPRINT)).toBe(`${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`);
    expect(unitCode(FINGERPRINT)).toBe('26 28 53');
  });

  it('gives the host and a member the same code whatever case each writes the fingerprint in', () => {
    const fromSdp = `SHA-256 ${FINGERPRINT.slice('sha-256 '.length).toLowerCase()}  `;
    expect(normaliseFingerprint(fromSdp)).toBe(FINGERPRINT);
    expect(unitCode(fromSdp)).toBe(unitCode(FINGERPRINT));
  });

  it('differs from one unit to another', () => {
    expect(unitCode(FINGERPRINT.replace(/D9$/, 'DA'))).not.toBe(unitCode(FINGERPRINT));
  });

  it('is null for text that is not a fingerprint', () => {
    expect(unitCode('')).toBeNull();
    expect(unitCode('sha-256')).toBeNull();
    expect(unitCode('sha-256 not:hex')).toBeNull();
  });
});
