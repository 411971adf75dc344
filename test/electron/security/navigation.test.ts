import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lockNavigation } from '../../../electron/main/security/navigation';
import { blockWebviews } from '../../../electron/main/security/webview';
import { FakeWebContents } from '../../fakes/electron';

const ORIGIN = 'http://127.0.0.1:4780';
const logger = pino({ level: 'silent' });

describe('navigation lock', () => {
  it('allows navigation within our origin', () => {
    const contents = new FakeWebContents();
    lockNavigation(contents, { trustedOrigin: ORIGIN, logger });
    expect(contents.navigate(`${ORIGIN}/`)).toBe(false);
    expect(contents.navigate(`${ORIGIN}/index.html#/room/lobby`)).toBe(false);
    expect(contents.navigate(`${ORIGIN}/other`, 'will-redirect')).toBe(false);
  });

  it('blocks navigation and redirects to anything else', () => {
    const contents = new FakeWebContents();
    lockNavigation(contents, { trustedOrigin: ORIGIN, logger });
    const elsewhere = [
      'https://evil.example/',
      'http://127.0.0.1:4781/',
      'http://localhost:4780/',
      'https://127.0.0.1:4780/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<h1>hi</h1>',
      'not a url',
    ];
    for (const url of elsewhere) {
      expect(contents.navigate(url), url).toBe(true);
      expect(contents.navigate(url, 'will-redirect'), url).toBe(true);
    }
  });
});

describe('webview block', () => {
  it('cancels every <webview> attach', () => {
    const contents = new FakeWebContents();
    blockWebviews(contents, logger);
    expect(contents.attachWebview()).toBe(true);
  });
});
