import { describe, expect, it } from 'vitest';
import { inviteLink, readJoinLink } from '../../renderer/src/composables/useJoinLink';

describe('join links', () => {
  it('reads room and name from the query', () => {
    expect(readJoinLink('?room=Design%20review&name=Ada')).toEqual({ room: 'Design review', name: 'Ada' });
    expect(readJoinLink('')).toEqual({ room: '', name: '' });
  });

  it('builds an invite link that carries the room but never your name', () => {
    const location = new URL('http://192.168.1.5:4780/?room=x&name=Ada') as unknown as Location;
    expect(inviteLink('Design review', location)).toBe('http://192.168.1.5:4780/?room=Design+review');
  });
});
