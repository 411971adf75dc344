import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../../common/signaling/signal';
import { LocalMedia } from '../../renderer/src/rtc/local-tracks';
import { Mesh, RECOVERY_DELAYS_MS } from '../../renderer/src/rtc/mesh';
import { AWAIT_OFFER_MS } from '../../renderer/src/rtc/peer-link';
import { FakeStream, fakeGetUserMedia } from '../fakes/dom/media';
import { createFakePeerConnection, FakePeerConnection } from '../fakes/dom/peer-connection';

const sent: { to: string; data: SignalData }[] = [];

/** `prepare` sees every connection as it is made, e.g. to make its description steps fail. */
function mesh(selfId: string, prepare: (pc: FakePeerConnection) => void = () => {}) {
  return new Mesh({
    selfId,
    send: (to, data) => sent.push({ to, data }),
    createPeerConnection: (config) => {
      const pc = createFakePeerConnection(config);
      prepare(pc as unknown as FakePeerConnection);
      return pc;
    },
  });
}

/** Lets every pending promise and due timer run (fake time does not move). */
const settle = () => vi.advanceTimersByTimeAsync(0);

const sdpWith = (fingerprint: string) =>
  `v=0\r\na=fingerprint:sha-256 ${fingerprint}\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n`;
const offer = (fingerprint = 'AA:AA'): SignalData => ({
  kind: 'description',
  description: { type: 'offer', sdp: sdpWith(fingerprint) },
});
const candidate: SignalData = {
  kind: 'candidate',
  candidate: { candidate: 'candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host', sdpMid: '0' },
};
const sctpFailure = () =>
  new DOMException('Failed to set local answer sdp: Failed to start SCTP transport', 'OperationError');
const pcs = () => FakePeerConnection.created;
const answersSent = () =>
  sent.filter((s) => s.data.kind === 'description' && s.data.description.type === 'answer');

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.useFakeTimers();
  sent.length = 0;
  FakePeerConnection.created = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a link whose negotiation fails', () => {
  // Both join orders: we are the newcomer (the peer was listed), or the peer is (it offers first).
  for (const newcomer of [false, true]) {
    it(`is recreated and answers the offer on a fresh connection (peer ${newcomer ? 'joined after us' : 'was there first'})`, async () => {
      const m = mesh('a'); // 'a' < 'b': polite, like the web client in the report
      const media = new LocalMedia(fakeGetUserMedia());
      await media.start();
      m.setLocalMedia(media, media.state());
      m.addPeer({ id: 'b', name: 'Bob' }, newcomer);
      const first = pcs()[0]!;
      first.failures.setLocalDescription.push(sctpFailure());

      m.handleSignal('b', offer());
      m.handleSignal('b', candidate);
      await settle();
      expect(first.closed).toBe(true);
      expect(m.snapshot()[0]?.state).toBe('reconnecting');
      expect(pcs()).toHaveLength(1);

      await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]!);
      expect(answersSent()).toHaveLength(1);
      const fresh = pcs()[1]!;
      expect(pcs()).toHaveLength(2);
      expect(m.link('b')?.pc).toBe(fresh);
      expect(fresh.remoteDescriptions).toEqual([{ type: 'offer', sdp: sdpWith('AA:AA') }]);
      expect(fresh.candidates).toHaveLength(1);
      // Our media and the control channel ride on the fresh connection's answer.
      expect(fresh.senders.map((s) => s.track?.kind)).toEqual(['audio', 'video']);
      expect(fresh.channels.map((c) => c.label)).toEqual(['control']);
      expect(sent.filter((s) => s.data.kind === 'media').length).toBeGreaterThanOrEqual(2);

      fresh.setConnectionState('connected');
      expect(m.snapshot()[0]?.state).toBe('connected');
    });
  }

  it('when our own description step fails, starts over and offers again', async () => {
    const m = mesh('b'); // impolite towards 'a': offers at once on the fresh link
    m.addPeer({ id: 'a', name: 'Ada' });
    const first = pcs()[0]!;
    first.onnegotiationneeded?.();
    await settle();
    expect(sent.map((s) => s.data.kind)).toContain('description');
    first.failures.setRemoteDescription.push(new DOMException('bad answer', 'OperationError'));
    await m.link('a')!.handleSignal({ kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } });
    expect(first.closed).toBe(true);
    expect(pcs()).toHaveLength(1); // not before the back-off

    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]!);
    const fresh = pcs()[1]!;
    expect(fresh.channels.map((c) => c.label)).toEqual(['control']);
    fresh.onnegotiationneeded?.();
    await settle();
    expect(sent.at(-1)?.data).toMatchObject({ kind: 'description', description: { type: 'offer' } });
    fresh.setConnectionState('connected');
    expect(m.snapshot()[0]?.state).toBe('connected');
  });

  it('the polite end of a fresh link waits for the other to offer first', async () => {
    const m = mesh('a');
    m.addPeer({ id: 'b', name: 'Bob' });
    const first = pcs()[0]!;
    first.onnegotiationneeded?.();
    await settle();
    expect(sent.map((s) => s.data.kind)).toContain('description');
    first.failures.setRemoteDescription.push(new DOMException('bad answer', 'OperationError'));
    await m.link('b')!.handleSignal({ kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } });
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]!);
    const fresh = pcs()[1]!;
    expect(fresh.channels).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(AWAIT_OFFER_MS);
    expect(fresh.channels.map((c) => c.label)).toEqual(['control']);
  });

  it('gives up after a bounded number of attempts and says the link failed', async () => {
    const m = mesh('a', (pc) => {
      for (let i = 0; i < 10; i++) pc.failures.setLocalDescription.push(sctpFailure());
    });
    m.addPeer({ id: 'b', name: 'Bob' });
    m.handleSignal('b', offer());
    await settle();
    for (const delay of RECOVERY_DELAYS_MS) {
      expect(m.snapshot()[0]?.state).toBe('reconnecting');
      await vi.advanceTimersByTimeAsync(delay);
    }
    expect(pcs()).toHaveLength(RECOVERY_DELAYS_MS.length + 1);
    expect(m.snapshot()[0]?.state).toBe('failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pcs()).toHaveLength(RECOVERY_DELAYS_MS.length + 1);
    expect(m.snapshot()[0]?.state).toBe('failed');
  });

  it('counts attempts afresh once a recreated link has connected', async () => {
    const m = mesh('a');
    m.addPeer({ id: 'b', name: 'Bob' });
    for (let round = 0; round < RECOVERY_DELAYS_MS.length + 2; round++) {
      const current = pcs().at(-1)!;
      current.failures.setLocalDescription.push(sctpFailure());
      m.handleSignal('b', offer());
      await settle();
      expect(pcs()).toHaveLength(round + 1); // the back-off has not passed
      await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]!);
      expect(pcs()).toHaveLength(round + 2);
      expect(pcs().at(-1)!.localDescription?.type).toBe('answer');
      pcs().at(-1)!.setConnectionState('connected');
    }
    expect(m.snapshot()[0]?.state).toBe('connected');
  });
});

describe('a peer that starts a new connection', () => {
  it('is answered on a fresh link when its offer carries another DTLS fingerprint', async () => {
    const m = mesh('a');
    m.addPeer({ id: 'b', name: 'Bob' });
    await m.link('b')!.handleSignal(offer('AA:AA'));
    const first = pcs()[0]!;
    first.setConnectionState('connected');
    await m.link('b')!.handleSignal(offer('BB:BB'));
    await settle();
    expect(answersSent()).toHaveLength(2);
    expect(first.closed).toBe(true);
    expect(first.remoteDescriptions).toHaveLength(1);
    expect(pcs()[1]?.remoteDescriptions).toEqual([{ type: 'offer', sdp: sdpWith('BB:BB') }]);
  });

  it('renegotiates in place when the fingerprint is the same', async () => {
    const m = mesh('a');
    m.addPeer({ id: 'b', name: 'Bob' });
    await m.link('b')!.handleSignal(offer('AA:AA'));
    await m.link('b')!.handleSignal(offer('AA:AA'));
    expect(pcs()).toHaveLength(1);
    expect(pcs()[0]!.remoteDescriptions).toHaveLength(2);
  });
});

describe('ICE candidates that arrive before their description', () => {
  it('are held and added once the remote description is set', async () => {
    const m = mesh('a');
    m.addPeer({ id: 'b', name: 'Bob' });
    const pc = pcs()[0]!;
    await m.link('b')!.handleSignal(candidate);
    expect(pc.candidates).toHaveLength(0);
    await m.link('b')!.handleSignal(offer());
    expect(pc.candidates).toEqual([candidate.kind === 'candidate' && candidate.candidate]);
  });
});

describe('two ends of a link', () => {
  it('converge on fresh connections when one end fails to apply a description', async () => {
    let made = 0;
    const fingerprinted = (pc: FakePeerConnection) => {
      made += 1;
      pc.fingerprint = `0${made}:AB`;
    };
    // 'a' was in the room when 'b' joined; each mesh's signals reach the other one asynchronously.
    const ends: Record<string, Mesh> = {};
    const relay = (from: string) => (to: string, data: SignalData) =>
      queueMicrotask(() => ends[to]?.handleSignal(from, data));
    const make = (selfId: string) =>
      new Mesh({
        selfId,
        send: relay(selfId),
        createPeerConnection: (config) => {
          const pc = createFakePeerConnection(config);
          fingerprinted(pc as unknown as FakePeerConnection);
          return pc;
        },
      });
    ends.a = make('a');
    ends.b = make('b');
    ends.a.addPeer({ id: 'b', name: 'Bob' }, true);
    ends.b.addPeer({ id: 'a', name: 'Ada' });
    const pcOf = (self: string, peer: string) => ends[self]!.link(peer)!.pc as unknown as FakePeerConnection;

    const firstOfB = pcOf('b', 'a');
    firstOfB.failures.setRemoteDescription.push(new DOMException('bad answer', 'OperationError'));
    firstOfB.onnegotiationneeded?.();
    await settle();
    expect(firstOfB.closed).toBe(true);
    expect(pcOf('a', 'b').signalingState).toBe('stable'); // 'a' answered and knows nothing

    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]!);
    pcOf('b', 'a').onnegotiationneeded?.(); // the fresh link's control channel asks for an offer
    await settle();

    const [atA, atB] = [pcOf('a', 'b'), pcOf('b', 'a')];
    expect(pcs().filter((pc) => !pc.closed)).toEqual(expect.arrayContaining([atA, atB]));
    expect(pcs().filter((pc) => !pc.closed)).toHaveLength(2);
    expect(atA.remoteDescription?.sdp).toContain(atB.fingerprint);
    expect(atB.remoteDescription?.sdp).toContain(atA.fingerprint);
    expect([atA.signalingState, atB.signalingState]).toEqual(['stable', 'stable']);
    atA.setConnectionState('connected');
    atB.setConnectionState('connected');
    expect(ends.a.snapshot()[0]?.state).toBe('connected');
    expect(ends.b.snapshot()[0]?.state).toBe('connected');
  });
});
