import { describe, expect, it } from 'vitest';
import { decodeTxtEntries, encodeLanTxt, MAX_TXT_BYTES, parseLanTxt } from '../../common/lan-txt';

const bytes = (...entries: string[]): Uint8Array[] => entries.map((entry) => new TextEncoder().encode(entry));
const FP = Array.from({ length: 32 }, () => 'AB').join(':');

describe('LAN TXT records', () => {
  it('round-trips what a host advertises', () => {
    const txt = encodeLanTxt({
      name: 'Ada’s laptop',
      version: '0.1.0',
      accessCode: true,
      fingerprint: FP,
      port: 4780,
    });
    const entries = bytes(...Object.entries(txt).map(([key, value]) => `${key}=${value}`));
    expect(parseLanTxt(entries)).toEqual({ name: 'Ada’s laptop', v: '0.1.0', ac: '1', fp: FP, port: 4780 });
  });

  it('carries whether the host serves release files, and refuses any other value', () => {
    const txt = encodeLanTxt({
      name: 'Office box',
      version: '0.2.0',
      accessCode: false,
      port: 4780,
      updates: true,
    });
    expect(txt.up).toBe('1');
    expect(encodeLanTxt({ name: 'Ada', version: '0.2.0', accessCode: false, port: 4780 })).not.toHaveProperty(
      'up',
    );
    const entries = bytes(...Object.entries(txt).map(([key, value]) => `${key}=${value}`));
    expect(parseLanTxt(entries)).toMatchObject({ v: '0.2.0', up: '1' });
    expect(parseLanTxt(bytes('name=A', 'v=0.2.0', 'ac=0', 'port=4780', 'up=yes'))).toBeNull();
  });

  it('accepts a record without fingerprint and ignores unknown keys', () => {
    expect(parseLanTxt(bytes('name=Bob', 'v=1.2.3-beta.1', 'ac=0', 'port=5000', 'future=x'))).toEqual({
      name: 'Bob',
      v: '1.2.3-beta.1',
      ac: '0',
      port: 5000,
    });
  });

  it.each([
    ['a missing name', bytes('v=1.0.0', 'ac=0', 'port=4780')],
    ['an empty name', bytes('name=', 'v=1.0.0', 'ac=0', 'port=4780')],
    ['a name with control characters', bytes('name=Ada\u202e', 'v=1.0.0', 'ac=0', 'port=4780')],
    ['an overlong name', bytes(`name=${'x'.repeat(41)}`, 'v=1.0.0', 'ac=0', 'port=4780')],
    ['a port out of range', bytes('name=A', 'v=1.0.0', 'ac=0', 'port=70000')],
    ['a port with a sign', bytes('name=A', 'v=1.0.0', 'ac=0', 'port=+80')],
    ['a zero port', bytes('name=A', 'v=1.0.0', 'ac=0', 'port=0')],
    ['an access flag other than 0/1', bytes('name=A', 'v=1.0.0', 'ac=yes', 'port=4780')],
    ['a version that is not one', bytes('name=A', 'v=<script>', 'ac=0', 'port=4780')],
    ['a bad fingerprint', bytes('name=A', 'v=1.0.0', 'ac=0', 'port=4780', 'fp=zz')],
    ['a key twice', bytes('name=A', 'name=B', 'v=1.0.0', 'ac=0', 'port=4780')],
    ['an entry without =', bytes('name=A', 'v=1.0.0', 'ac=0', 'port=4780', 'flag')],
    [
      'too many entries',
      bytes('name=A', 'v=1.0.0', 'ac=0', 'port=4780', ...Array.from({ length: 5 }, (_, i) => `k${i}=1`)),
    ],
    [
      'an oversized record',
      bytes('name=A', 'v=1.0.0', 'ac=0', 'port=4780', `x=${'y'.repeat(MAX_TXT_BYTES)}`),
    ],
    [
      'invalid UTF-8',
      [new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe]), ...bytes('v=1.0.0', 'ac=0', 'port=4780')],
    ],
  ])('rejects %s', (_name, entries) => {
    expect(parseLanTxt(entries)).toBeNull();
  });

  it('never lets a key reach an object prototype', () => {
    const map = decodeTxtEntries(bytes('__proto__=x', 'constructor=y'));
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(map?.['__proto__']).toBe('x');
    expect(parseLanTxt(bytes('__proto__=x', 'name=A', 'v=1.0.0', 'ac=0', 'port=4780'))).toEqual({
      name: 'A',
      v: '1.0.0',
      ac: '0',
      port: 4780,
    });
  });

  it('caps the advertised name at the display-name limit', () => {
    expect(
      encodeLanTxt({ name: 'n'.repeat(100), version: '1.0.0', accessCode: false, port: 1 }).name,
    ).toHaveLength(40);
  });
});
