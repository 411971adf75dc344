/**
 * ICE restarts on the two connections to the forwarding unit, client side: on `subscribe`, where the
 * unit offers, a member whose ICE broke asks the unit to restart (it has no offer to make); the
 * restart the unit offers is counted for the details panel, as the publish side's own are.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnitPc, UnitRequestData } from '../../common/signaling/unit';
import { RESTART_AFTER_DISCONNECT_MS } from '../../renderer/src/rtc/peer-link';
import { UnitLink } from '../../renderer/src/rtc/unit-link';
import { FakeStream } from '../fakes/dom/media';
import { createFakePeerConnection, FakePeerConnection } from '../fakes/dom/peer-connection';

const sent: { pc: UnitPc; data: UnitRequestData }[] = [];

function link(): { link: UnitLink; subscribe: FakePeerConnection } {
  const created = new UnitLink({
    send: (pc, data) => sent.push({ pc, data }),
    createPeerConnection: createFakePeerConnection,
    createStream: () => new FakeStream() as unknown as MediaStream,
  });
  return { link: created, subscribe: FakePeerConnection.created.at(-1) as FakePeerConnection };
}

/** An offer from the unit with ICE credentials `ufrag` and one video m-line. */
function unitOffer(ufrag: string): string {
  return [
    'v=0',
    'a=fingerprint:sha-256 AA',
    `a=ice-ufrag:${ufrag}`,
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=mid:0',
    '',
  ].join('\r\n');
}

function iceState(pc: FakePeerConnection, state: RTCIceConnectionState): void {
  pc.iceConnectionState = state;
  pc.oniceconnectionstatechange?.();
}

const restartRequests = () => sent.filter((s) => s.pc === 'subscribe' && s.data.kind === 'restart');

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  sent.length = 0;
  FakePeerConnection.created = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ICE restart on the subscribe connection', () => {
  it('asks the unit to restart when ICE fails, and again if it stays broken', async () => {
    vi.useFakeTimers();
    const { link: unit, subscribe } = link();
    await unit.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: unitOffer('one') } },
      tracks: [],
    });
    iceState(subscribe, 'failed');
    expect(restartRequests()).toHaveLength(1);
    // The unit's new offer did not bring ICE back (the network was still down): ask again.
    iceState(subscribe, 'checking');
    await vi.advanceTimersByTimeAsync(RESTART_AFTER_DISCONNECT_MS * 3);
    expect(restartRequests().length).toBeGreaterThanOrEqual(2);
    const asked = restartRequests().length;
    iceState(subscribe, 'connected');
    await vi.advanceTimersByTimeAsync(RESTART_AFTER_DISCONNECT_MS * 3);
    expect(restartRequests()).toHaveLength(asked);
    unit.close();
  });

  it('asks after staying disconnected a while, not at once', async () => {
    vi.useFakeTimers();
    const { link: unit, subscribe } = link();
    iceState(subscribe, 'disconnected');
    expect(restartRequests()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(RESTART_AFTER_DISCONNECT_MS);
    expect(restartRequests()).toHaveLength(1);
    unit.close();
  });

  it('counts each restart, asked for or offered, once, for the details panel', async () => {
    const { link: unit } = link();
    const offer = (ufrag: string) =>
      unit.subscriber.handle({
        pc: 'subscribe',
        data: { kind: 'description', description: { type: 'offer', sdp: unitOffer(ufrag) } },
        tracks: [],
      });
    await offer('one');
    await offer('one');
    expect(unit.subscriber.iceRestarts).toBe(0);
    await offer('two');
    expect(unit.subscriber.iceRestarts).toBe(1);
    expect(sent.filter((s) => s.data.kind === 'description')).toHaveLength(3);
    // One we asked for counts once: when asked (the request may wait for signaling to come back).
    const subscribe = FakePeerConnection.created.at(-1) as FakePeerConnection;
    iceState(subscribe, 'failed');
    expect(unit.subscriber.iceRestarts).toBe(2);
    await offer('three');
    expect(unit.subscriber.iceRestarts).toBe(2);
    unit.close();
  });
});
