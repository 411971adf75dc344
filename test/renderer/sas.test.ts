import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintsOf, shortAuthString } from '../../renderer/src/rtc/sas';
import answer from '../fixtures/sdp-answer.sdp?raw';
import offer from '../fixtures/sdp-offer.sdp?raw';

/** What a signaling server in the middle would forward: the answer with its own certificate in it. */
const swapped = answer.replaceAll('A1:77:C4:0B', 'A1:77:C4:0C');

describe('fingerprintsOf', () => {
  it('reads each distinct DTLS fingerprint once, normalised', () => {
    expect(fingerprintsOf(offer)).toEqual([
      'sha-256 5E:8B:1A:2C:9F:44:07:D3:6B:E0:31:AA:58:C2:7D:19:F0:6E:83:4B:12:9C:D7:A5:3F:60:E8:21:B4:7A:0C:95',
    ]);
    expect(fingerprintsOf(offer.toLowerCase().replace('sha-256', 'SHA-256'))).toEqual(fingerprintsOf(offer));
  });
});

describe('shortAuthString', () => {
  it('gives both ends of one connection the same three groups of two digits', async () => {
    const atOfferer = await shortAuthString(offer, answer);
    const atAnswerer = await shortAuthString(answer, offer);
    expect(atOfferer).toMatch(/^\d{2} \d{2} \d{2}$/);
    expect(atAnswerer).toBe(atOfferer);
  });

  it('differs when one fingerprint was swapped on the way', async () => {
    expect(await shortAuthString(offer, swapped)).not.toBe(await shortAuthString(offer, answer));
    expect(await shortAuthString(swapped, offer)).not.toBe(await shortAuthString(answer, offer));
  });

  it('depends on both fingerprints, not on one alone', async () => {
    const otherOffer = offer.replaceAll('5E:8B:1A', '5E:8B:1B');
    expect(await shortAuthString(otherOffer, answer)).not.toBe(await shortAuthString(offer, answer));
  });

  it('is null before DTLS fingerprints are known', async () => {
    expect(await shortAuthString('v=0\r\n', answer)).toBeNull();
    expect(await shortAuthString(offer, 'v=0\r\n')).toBeNull();
  });
});

describe('shortAuthString outside a secure context', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('computes the same code without WebCrypto (plain http on the LAN)', async () => {
    const secure = await shortAuthString(offer, answer);
    vi.stubGlobal('crypto', {});
    expect(await shortAuthString(answer, offer)).toBe(secure);
  });

  it('is the SHA-256 of the sorted fingerprint sets, as WebCrypto computes it', async () => {
    const local = fingerprintsOf(offer).join(',');
    const remote = fingerprintsOf(answer).join(',');
    const text = [local, remote].sort().join('\n');
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    const digits = (new DataView(digest).getUint32(0) % 1_000_000).toString().padStart(6, '0');
    expect(shortAuthString(offer, answer)).toBe(
      `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)}`,
    );
  });
});
