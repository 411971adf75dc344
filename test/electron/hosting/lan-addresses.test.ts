import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { joinUrl, lanAddresses } from '../../../electron/main/hosting/lan-addresses';

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return {
    address,
    family: 'IPv4',
    internal,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:00',
    cidr: null,
  };
}
function v6(address: string): NetworkInterfaceInfo {
  return {
    address,
    family: 'IPv6',
    internal: false,
    netmask: 'ffff::',
    mac: '00:00:00:00:00:00',
    cidr: null,
    scopeid: 0,
  };
}

describe('lanAddresses', () => {
  it('keeps the IPv4 addresses of real interfaces, in OS order', () => {
    expect(lanAddresses({ eth0: [v4('192.168.1.20'), v6('2001:db8::1')], wlan0: [v4('10.0.0.7')] })).toEqual([
      { interfaceName: 'eth0', address: '192.168.1.20' },
      { interfaceName: 'wlan0', address: '10.0.0.7' },
    ]);
  });

  it('drops loopback, link-local and IPv6 addresses', () => {
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)], en0: [v4('169.254.3.4'), v6('fe80::1')] })).toEqual(
      [],
    );
  });

  it.each([
    'docker0',
    'br-1a2b3c',
    'veth12ab',
    'virbr0',
    'vmnet8',
    'vboxnet0',
    'utun3',
    'tailscale0',
    'wg0',
    'zt7nnig26',
  ])('drops the virtual interface %s', (name) => {
    expect(lanAddresses({ [name]: [v4('172.17.0.1')], eth0: [v4('192.168.1.20')] })).toEqual([
      { interfaceName: 'eth0', address: '192.168.1.20' },
    ]);
  });

  it('builds the join URL at the server root', () => {
    expect(joinUrl('192.168.1.20', 4780)).toBe('http://192.168.1.20:4780/');
  });
});
