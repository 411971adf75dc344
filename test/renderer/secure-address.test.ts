/**
 * A page opened over plain http learns the https:// address of the same server and the certificate to
 * expect there, from `/tls.json` (what the server answers there is proven against the real CLI in
 * test/server/cli-tls.test.ts); here the page's side, with fetch as the seam.
 */
import { describe, expect, it } from 'vitest';
import { findSecureAddress } from '../../renderer/src/services/secure-address';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
  (i * 7).toString(16).padStart(2, '0').toUpperCase(),
).join(':');

/** A page at `href`; its server answers /tls.json with `answer` (a status and a body). */
function page(href: string, answer: { status: number; body: unknown }, isSecureContext = false) {
  const asked: string[] = [];
  const fetch = async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  };
  return { win: { location: { href }, isSecureContext, fetch } as unknown as Window, asked };
}

describe('the https:// address offered to a page on plain http', () => {
  it('is this page over https on the same host and port, with the certificate named there', async () => {
    const { win, asked } = page('http://192.168.1.5:4780/?room=standup#view=grid', {
      status: 200,
      body: { fingerprint256: FINGERPRINT },
    });

    expect(await findSecureAddress(win)).toEqual({
      url: 'https://192.168.1.5:4780/?room=standup',
      origin: 'https://192.168.1.5:4780',
      fingerprint256: FINGERPRINT,
    });
    expect(asked).toEqual(['http://192.168.1.5:4780/tls.json']);
  });

  it('is none when the server serves no https or answers something else', async () => {
    for (const answer of [
      { status: 404, body: 'Not found.' },
      { status: 200, body: { fingerprint256: 'sha256/abc' } },
    ]) {
      expect(await findSecureAddress(page('http://192.168.1.5:4780/', answer).win)).toBeNull();
    }
  });

  it('is not asked for on a page that is secure already', async () => {
    const { win, asked } = page(
      'http://localhost:4780/',
      { status: 200, body: { fingerprint256: FINGERPRINT } },
      true,
    );
    expect(await findSecureAddress(win)).toBeNull();
    expect(asked).toEqual([]);
  });
});
