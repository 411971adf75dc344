import { describe, expect, it } from 'vitest';
import {
  inviteBase,
  inviteLink,
  readJoinLink,
  takeLinkAccessCode,
} from '../../renderer/src/composables/useJoinLink';

describe('join links', () => {
  it('reads room and name from the query', () => {
    expect(readJoinLink('?room=Design%20review&name=Ada')).toEqual({ room: 'Design review', name: 'Ada' });
    expect(readJoinLink('')).toEqual({ room: '', name: '' });
  });

  it('builds an invite link that carries the room but never your name', () => {
    expect(inviteLink('Design review', 'http://192.168.1.5:4780/')).toBe(
      'http://192.168.1.5:4780/?room=Design+review',
    );
  });

  it('carries the access code only when asked, in the fragment browsers never send to a server', () => {
    const link = inviteLink('standup', 'https://192.168.1.5:4780/', 'orange 42&x');
    expect(link).toBe('https://192.168.1.5:4780/?room=standup#code=orange+42%26x');
    expect(new URL(link).search).not.toContain('orange');
  });
});

describe('the address an invite link is for', () => {
  const browser = (href: string) => ({
    desktop: false,
    serverUrl: new URL(href).origin,
    location: new URL(href),
  });

  it('in a browser: the address this page was opened by, which others on the LAN reach too', () => {
    expect(inviteBase({ ...browser('http://192.168.1.5:4780/?room=x&name=Ada'), hostingUrls: [] })).toBe(
      'http://192.168.1.5:4780/',
    );
    expect(inviteBase({ ...browser('https://box.lan:8443/nearcast/'), hostingUrls: [] })).toBe(
      'https://box.lan:8443/nearcast/',
    );
  });

  it('never a loopback address: nobody else can open it', () => {
    for (const href of ['http://127.0.0.1:4780/', 'http://localhost:4780/', 'http://[::1]:4780/']) {
      expect(inviteBase({ ...browser(href), hostingUrls: [] })).toBeNull();
    }
  });

  it('in the app on its own server: the hosting address on the LAN, none while it does not host', () => {
    const app = {
      desktop: true,
      serverUrl: 'http://127.0.0.1:51234/',
      location: new URL('http://127.0.0.1:51234/'),
    };
    expect(inviteBase({ ...app, hostingUrls: ['http://192.168.1.20:4780/', 'http://10.0.0.4:4780/'] })).toBe(
      'http://192.168.1.20:4780/',
    );
    expect(inviteBase({ ...app, hostingUrls: [] })).toBeNull();
  });

  it('in the app on another server: that server, which serves the web client to browsers', () => {
    const app = {
      desktop: true,
      serverUrl: 'https://192.168.1.5:4780/',
      location: new URL('http://127.0.0.1:51234/'),
    };
    expect(inviteBase({ ...app, hostingUrls: [] })).toBe('https://192.168.1.5:4780/');
  });
});

describe('an access code in the link', () => {
  it('is read once and leaves the address bar, other fragment parts kept', () => {
    window.history.replaceState(null, '', '/?room=standup#code=orange-42');
    expect(takeLinkAccessCode(window)).toBe('orange-42');
    expect(window.location.href).not.toContain('orange');
    expect(window.location.search).toBe('?room=standup');
    expect(takeLinkAccessCode(window)).toBe('');

    window.history.replaceState(null, '', '/#code=a%20b&view=grid');
    expect(takeLinkAccessCode(window)).toBe('a b');
    expect(window.location.hash).toBe('#view=grid');
    window.history.replaceState(null, '', '/');
  });
});
