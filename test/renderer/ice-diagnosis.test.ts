import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  diagnoseIce,
  hasTurnServer,
  IceWatch,
  parseCandidate,
  type CandidateInfo,
} from '../../renderer/src/rtc/ice-diagnosis';

const line = (address: string, type = 'host', protocol = 'udp') =>
  `candidate:842163049 1 ${protocol} 1677729535 ${address} 51234 typ ${type} generation 0 ufrag x network-cost 999`;
const cand = (address: string, type: CandidateInfo['type'] = 'host'): CandidateInfo => ({
  address,
  type,
  protocol: 'udp',
});

describe('parseCandidate', () => {
  it('reads type, address and protocol from Chromium and Firefox lines', () => {
    expect(parseCandidate(line('192.168.1.20'))).toEqual(cand('192.168.1.20'));
    expect(parseCandidate(`a=${line('203.0.113.7', 'srflx')}`)).toEqual(cand('203.0.113.7', 'srflx'));
    expect(parseCandidate(line('6f1c…-3e.local'))?.address).toBe('6f1c…-3e.local');
    expect(parseCandidate(line('10.0.0.2', 'relay', 'TCP'))).toEqual({
      address: '10.0.0.2',
      type: 'relay',
      protocol: 'tcp',
    });
  });

  it('refuses anything that is not a candidate line', () => {
    expect(parseCandidate('')).toBeNull();
    expect(parseCandidate('candidate:1 1 udp 1 10.0.0.1 5000 typ weird')).toBeNull();
    expect(parseCandidate('a=ice-ufrag:abcd')).toBeNull();
  });
});

describe('diagnoseIce', () => {
  const none = { relayConfigured: false };
  it('says when this computer offered no way in', () => {
    expect(diagnoseIce({ ...none, local: [], remote: [cand('192.168.1.9')] })).toBe('no-local-candidates');
  });

  it('says when the peer offered nothing', () => {
    expect(diagnoseIce({ ...none, local: [cand('192.168.1.8')], remote: [] })).toBe('no-remote-candidates');
  });

  it('spots a peer hidden behind .local names that did not resolve', () => {
    const remote = [cand('1f0e6a0c-7c1b-4b8e-9d55-3a4d2f1e9b77.local')];
    expect(diagnoseIce({ ...none, local: [cand('192.168.1.8')], remote })).toBe('mdns-unresolved');
  });

  it('spots two computers on different subnets with no relay', () => {
    const verdict = diagnoseIce({ ...none, local: [cand('192.168.1.8')], remote: [cand('10.20.0.4')] });
    expect(verdict).toBe('different-subnets');
  });

  it('on the same subnet, blames a firewall and suggests a relay', () => {
    const verdict = diagnoseIce({ ...none, local: [cand('192.168.1.8')], remote: [cand('192.168.1.9')] });
    expect(verdict).toBe('relay-needed');
  });

  it('says when a configured relay could not be reached', () => {
    const verdict = diagnoseIce({
      relayConfigured: true,
      local: [cand('192.168.1.8')],
      remote: [cand('10.20.0.4')],
    });
    expect(verdict).toBe('relay-unreachable');
  });

  it('says it is blocked when even the relay path failed', () => {
    const verdict = diagnoseIce({
      relayConfigured: true,
      local: [cand('192.168.1.8'), cand('198.51.100.2', 'relay')],
      remote: [cand('10.20.0.4')],
    });
    expect(verdict).toBe('blocked');
  });
});

describe('hasTurnServer', () => {
  it('finds turn: and turns: URLs in either form', () => {
    expect(hasTurnServer([{ urls: 'stun:stun.lan:3478' }])).toBe(false);
    expect(hasTurnServer([{ urls: ['stun:a', 'turns:relay.lan:5349'] }])).toBe(true);
    expect(hasTurnServer(undefined)).toBe(false);
  });
});

describe('IceWatch', () => {
  afterEach(() => vi.useRealTimers());

  it('explains a link that has not connected after the delay, and clears it once connected', () => {
    vi.useFakeTimers();
    const seen: (string | null)[] = [];
    const watch = new IceWatch(false, (problem) => seen.push(problem), 8_000);
    watch.arm();
    watch.sawLocal(line('192.168.1.8'));
    vi.advanceTimersByTime(7_999);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['no-remote-candidates']);
    watch.connected();
    expect(seen).toEqual(['no-remote-candidates', null]);
    expect(watch.problem).toBeNull();
  });
});
