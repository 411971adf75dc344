/**
 * RFC 7675 consent on the unit's werift connections: werift sets a connection `failed` and sends
 * nothing more on it 30 s after the last consent answer it counted, so an answer the peer sent in time
 * must count even when a busy thread reads it late.
 */
import { MediaStreamTrack, RTCPeerConnection, type IceConnection, type StunProtocol } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../server/src/unit/werift-consent-fix';

const peers: RTCPeerConnection[] = [];

afterEach(async () => {
  await Promise.all(peers.splice(0).map((pc) => pc.close()));
});

/** Two connected werift peers on 127.0.0.1; returns the first one's ICE agent. */
async function connectedPair(): Promise<IceConnection> {
  const config = { iceAdditionalHostAddresses: ['127.0.0.1'], iceUseIpv6: false };
  const [a, b] = [new RTCPeerConnection(config), new RTCPeerConnection(config)];
  peers.push(a, b);
  a.addTransceiver(new MediaStreamTrack({ kind: 'video' }), { direction: 'sendonly' });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  await new Promise<void>((resolve) => {
    if (a.connectionState === 'connected') resolve();
    a.connectionStateChange.subscribe((state) => state === 'connected' && resolve());
  });
  const ice = a.iceTransports[0]?.connection;
  if (!ice) throw new Error('no ICE agent');
  return ice;
}

/** Holds the thread, as a burst of forwarding or a DTLS handshake holds the unit's worker. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Spinning: nothing else in this thread runs, timers and sockets included.
  }
}

describe('werift consent checks', { timeout: 60_000 }, () => {
  it('counts a consent answer that arrived while the thread was busy', async () => {
    const ice = await connectedPair();
    const pair = ice.nominated;
    if (!pair) throw new Error('no nominated pair');
    const protocol = pair.protocol as StunProtocol;
    // The next consent check (every 4-6 s): right after it is sent (its response timer armed), the
    // thread is held 800 ms, longer than werift's wait of max(500 ms, 2 × RTT + 200 ms) on a LAN.
    const outcome = await new Promise<string>((resolve) => {
      const request = protocol.request.bind(protocol);
      protocol.request = (message, addr, key, options, onSent) => {
        if (typeof options !== 'object' || options.retransmissions !== 0) {
          return request(message, addr, key, options, onSent);
        }
        protocol.request = request;
        const sent = options.onRequestSent;
        const held = {
          ...options,
          onRequestSent: (attempt: number) => {
            sent?.(attempt);
            queueMicrotask(() => busy(800));
          },
        };
        const answered = request(message, addr, key, held, onSent);
        answered.then(
          () => resolve('answered'),
          () => resolve('missed'),
        );
        return answered;
      };
    });
    expect(outcome).toBe('answered');
  });
});
