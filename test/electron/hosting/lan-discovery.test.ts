import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LanHost } from '../../../common/ipc';
import { createLanDiscovery, toLanHost } from '../../../electron/main/hosting/lan-discovery';
import { FakeBonjour, rawTxt, service } from '../support/fake-bonjour';

const GOOD = { name: 'Ada laptop', v: '0.1.0', ac: '0', port: '4780' };

function setup(accessCode = false) {
  const bonjour = new FakeBonjour();
  const lan = createLanDiscovery({
    bonjour,
    instanceName: 'Nearcast-self',
    displayName: 'This computer',
    version: '0.1.0',
    accessCode: () => accessCode,
    logger: pino({ level: 'silent' }),
    refreshMs: 1_000,
  });
  return { bonjour, lan };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('toLanHost', () => {
  it('takes the address from the A records and the rest from the validated TXT', () => {
    expect(
      toLanHost(service('Nearcast-a._nearcast._tcp.local', 4780, GOOD, ['fe80::1', '192.168.1.20'])),
    ).toEqual({
      id: 'Nearcast-a._nearcast._tcp.local',
      name: 'Ada laptop',
      version: '0.1.0',
      accessCode: false,
      fingerprint: null,
      address: '192.168.1.20',
      port: 4780,
      url: 'http://192.168.1.20:4780/',
    });
  });

  it('joins a host that advertises its certificate over https', () => {
    const fp = Array.from({ length: 32 }, () => 'AB').join(':');
    expect(
      toLanHost(service('Nearcast-a._nearcast._tcp.local', 4780, { ...GOOD, ac: '1', fp })),
    ).toMatchObject({
      accessCode: true,
      fingerprint: fp,
      url: 'https://192.168.1.20:4780/',
    });
  });

  it('ignores a TXT port that disagrees with the SRV port, a record without usable address, and no TXT', () => {
    expect(toLanHost(service('a', 4781, GOOD))).toBeNull();
    expect(toLanHost(service('a', 4780, GOOD, ['169.254.1.1']))).toBeNull();
    expect(toLanHost({ fqdn: 'a', port: 4780, addresses: ['192.168.1.2'] })).toBeNull();
    expect(toLanHost({ fqdn: 'a', port: 4780, addresses: ['192.168.1.2'], rawTxt: 'name=x' })).toBeNull();
  });
});

describe('LAN discovery', () => {
  it('advertises _nearcast._tcp with name, version, access flag and port while hosting', async () => {
    const { bonjour, lan } = setup(true);
    lan.advertiser.publish(4780);
    expect(bonjour.published).toHaveLength(1);
    expect(bonjour.published[0]?.config).toEqual({
      name: 'Nearcast-self',
      type: 'nearcast',
      port: 4780,
      txt: { name: 'This computer', v: '0.1.0', ac: '1', port: '4780' },
    });
    await lan.advertiser.unpublish();
    expect(bonjour.published[0]?.stopped).toBe(true);
  });

  it('keeps a live list of valid hosts, ignoring malformed ones and itself', () => {
    const { bonjour, lan } = setup();
    const seen: LanHost[][] = [];
    lan.onChanged((hosts) => seen.push(hosts));
    lan.startBrowsing();
    const browser = bonjour.browsers[0];
    if (!browser) throw new Error('not browsing');

    browser.emit('up', service('Nearcast-b._nearcast._tcp.local', 4780, GOOD));
    browser.emit('up', service('Nearcast-bad._nearcast._tcp.local', 4780, { ...GOOD, port: '99999' }));
    browser.emit(
      'up',
      service('Nearcast-big._nearcast._tcp.local', 4780, [...rawTxt(GOOD), Buffer.alloc(600, 0x61)]),
    );
    browser.emit('up', service('Nearcast-self._nearcast._tcp.local', 4780, GOOD));
    expect(lan.hosts().map((host) => host.id)).toEqual(['Nearcast-b._nearcast._tcp.local']);
    expect(seen).toHaveLength(1);

    browser.emit('txt-update', service('Nearcast-b._nearcast._tcp.local', 4780, { ...GOOD, ac: '1' }));
    expect(lan.hosts()[0]?.accessCode).toBe(true);
    // A host whose TXT turns malformed is dropped rather than kept with stale data.
    browser.emit('txt-update', service('Nearcast-b._nearcast._tcp.local', 4780, { ...GOOD, ac: 'x' }));
    expect(lan.hosts()).toEqual([]);

    browser.emit('up', service('Nearcast-c._nearcast._tcp.local', 4780, GOOD));
    browser.emit('down', service('Nearcast-c._nearcast._tcp.local', 4780, GOOD));
    expect(lan.hosts()).toEqual([]);
    expect(seen.at(-1)).toEqual([]);
  });

  it('expires and re-queries periodically, and stops everything on dispose', async () => {
    vi.useFakeTimers();
    const { bonjour, lan } = setup();
    lan.startBrowsing();
    const browser = bonjour.browsers[0];
    vi.advanceTimersByTime(1_000);
    expect(browser?.expire).toHaveBeenCalledOnce();
    expect(browser?.update).toHaveBeenCalledOnce();
    lan.advertiser.publish(4780);
    await lan.dispose();
    vi.advanceTimersByTime(5_000);
    expect(browser?.expire).toHaveBeenCalledOnce();
    expect(browser?.stopped).toBe(true);
    expect(bonjour.published[0]?.stopped).toBe(true);
    expect(bonjour.destroyed).toBe(true);
  });
});
