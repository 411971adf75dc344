import { describe, expect, it } from 'vitest';
import { parseServerAddress } from '../../common/server-address';

const parsed = (input: string) => {
  const result = parseServerAddress(input);
  return result.ok ? result.data : `error: ${result.error.message}`;
};

describe('parseServerAddress', () => {
  it('reads what people type into one canonical origin', () => {
    expect(parsed('192.168.1.20')).toBe('http://192.168.1.20:4780/');
    expect(parsed(' nearcast.lan:5000 ')).toBe('http://nearcast.lan:5000/');
    expect(parsed('https://Box.LAN:8443/')).toBe('https://box.lan:8443/');
    expect(parsed('http://[fe80::1]:4780')).toBe('http://[fe80::1]:4780/');
    expect(parsed('http://10.0.0.5')).toBe('http://10.0.0.5/');
  });

  it('refuses anything that is not a bare http(s) server, saying why', () => {
    expect(parsed('')).toBe('error: Enter the address of a Nearcast server.');
    expect(parsed('ftp://box.lan')).toMatch(/starts with http/);
    expect(parsed('javascript://alert(1)')).toMatch(/starts with http/);
    expect(parsed('http://user:pw@box.lan')).toMatch(/no user name/);
    expect(parsed('box.lan:4780/room?x=1')).toMatch(/no path/);
    expect(parsed('http://exa mple')).toMatch(/is not an address/);
    expect(parsed('a'.repeat(400))).toMatch(/too long/);
  });
});
