import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from '../../../electron/main/desktop/deep-link';

describe('parseDeepLink', () => {
  it.each([
    ['nearcast://join?room=standup', { kind: 'join', room: 'standup' }],
    ['nearcast://join/?room=team%20a', { kind: 'join', room: 'team a' }],
    ['nearcast://call?device=dev_1-A', { kind: 'call', device: 'dev_1-A' }],
  ])('accepts %s', (raw, expected) => {
    expect(parseDeepLink(raw)).toEqual(expected);
  });

  it.each([
    ['another host', 'nearcast://settings?room=a'],
    ['an extra path segment', 'nearcast://join/extra?room=a'],
    ['javascript:', 'javascript:alert(1)//nearcast://join?room=a'],
    ['another scheme', 'https://join?room=a'],
    ['no slashes', 'nearcast:join?room=a'],
    ['credentials', 'nearcast://user:pw@join?room=a'],
    ['a port', 'nearcast://join:80?room=a'],
    ['a fragment', 'nearcast://join?room=a#x'],
    ['a second parameter', 'nearcast://join?room=a&name=b'],
    ['the wrong parameter', 'nearcast://join?device=a'],
    ['a repeated parameter', 'nearcast://join?room=a&room=b'],
    ['encoded traversal', 'nearcast://join?room=..%2F..%2Fetc'],
    ['an encoded dot', 'nearcast://join?room=%2e%2e'],
    ['a backslash', 'nearcast://join\\..?room=a'],
    ['a control character', 'nearcast://join?room=a%0a'],
    ['an invalid room', 'nearcast://join?room=<script>'],
    ['an invalid device', 'nearcast://call?device=a/b'],
    ['an overlong link', `nearcast://join?room=${'a'.repeat(300)}`],
    ['not a string', 42],
  ])('rejects %s', (_name, raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });
});

describe('deepLinkFromArgv', () => {
  it('finds the link among the command-line arguments and validates it', () => {
    expect(deepLinkFromArgv(['/opt/Nearcast/nearcast', '--flag', 'nearcast://join?room=r'])).toEqual({
      kind: 'join',
      room: 'r',
    });
    expect(deepLinkFromArgv(['/opt/Nearcast/nearcast', 'nearcast://evil'])).toBeNull();
    expect(deepLinkFromArgv(['/opt/Nearcast/nearcast'])).toBeNull();
  });
});
