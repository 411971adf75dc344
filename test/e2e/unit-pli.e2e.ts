/**
 * The forwarding unit's keyframe-request counter against what a Chromium publisher counts. Ada's
 * Chromium publishes a camera in two simulcast layers to the unit (run in this process, as in
 * test/server/unit), and a second video m-line whose track was taken away before it sent anything, as
 * a member who turned the camera off does; Bob, a werift viewer, asks for keyframes. Each PLI the
 * unit counts as sent must be one Chromium counts (outbound-rtp `pliCount`). The silent m-line has
 * no SSRC a PLI could name: before the unit counted only PLIs written to the transport, its requests
 * for it, made every 400 ms for as long as Bob waited, were counted as sent (bench:present showed
 * 22–28 per window against 0–1 in Chromium).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createForwardingUnit } from '../../server/src/unit/create-forwarding-unit';
import type { ForwardingUnit } from '../../server/src/unit/forwarding-unit';
import { Member, ROOM } from '../server/unit/werift-clients';
import { launchChromium } from '../support/chromium';

/** The page's side of the publish connection; `window.publish` is the RTCPeerConnection. */
declare global {
  interface Window {
    publish: RTCPeerConnection;
    signalCandidate: (candidate: RTCIceCandidateInit | null) => void;
  }
}

let http: Server;
let browser: Browser;
let page: Page;
let unit: ForwardingUnit;
let bob: Member;

/** PLIs Chromium counted on its outbound video streams, all layers of all m-lines. */
async function chromiumPlis(): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const stats of (await window.publish.getStats()).values()) {
      if (stats.type === 'outbound-rtp' && stats.kind === 'video') total += stats.pliCount ?? 0;
    }
    return total;
  });
}

/** Waits for `done` on figures read again each time (no clock in the assertion). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The mid on which Bob receives Ada's camera (the other video m-line of hers carries nothing). */
const videoMid = () =>
  bob.tracks
    .filter((track) => track.owner === 'ada' && track.kind === 'video')
    .map((track) => track.mid)
    .find((mid) => (bob.received.get(mid)?.length ?? 0) > 0) ?? '';

beforeAll(async () => {
  // getUserMedia needs a secure context: a page from 127.0.0.1 is one.
  http = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Ada</title>');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  unit = await createForwardingUnit({ addresses: ['127.0.0.1'], logger: pino({ level: 'silent' }) });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  bob = new Member(unit, 'bob');
  await page.exposeFunction('signalCandidate', (candidate: RTCIceCandidateInit | null) => {
    unit.signal(ROOM, 'ada', 'publish', {
      kind: 'candidate',
      candidate: candidate
        ? { candidate: candidate.candidate ?? '', sdpMid: candidate.sdpMid ?? null }
        : null,
    });
  });
  unit.onSignal((outgoing) => {
    if (outgoing.peerId === 'bob') return void bob.receive(outgoing);
    const { data } = outgoing.signal;
    if (data.kind === 'description') {
      void page.evaluate(
        (sdp) => window.publish.setRemoteDescription({ type: 'answer', sdp }),
        data.description.sdp,
      );
    } else if (data.candidate) {
      void page.evaluate((candidate) => window.publish.addIceCandidate(candidate), data.candidate);
    }
  });
  unit.join(ROOM, 'ada');
  unit.join(ROOM, 'bob');
  const offer = await page.evaluate(async () => {
    const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 } });
    const [track] = camera.getVideoTracks();
    const publish = new RTCPeerConnection();
    window.publish = publish;
    publish.onicecandidate = (event) => window.signalCandidate(event.candidate?.toJSON() ?? null);
    publish.addTransceiver(track!, {
      direction: 'sendonly',
      streams: [camera],
      sendEncodings: [{ rid: 'l', scaleResolutionDownBy: 2 }, { rid: 'h' }],
    });
    // A second camera, turned off before it sent a frame: its m-line stays, with no stream in it.
    const off = publish.addTransceiver(track!.clone(), {
      direction: 'sendonly',
      streams: [new MediaStream()],
      sendEncodings: [{ rid: 'l', scaleResolutionDownBy: 2 }, { rid: 'h' }],
    });
    await off.sender.replaceTrack(null);
    await publish.setLocalDescription();
    return publish.localDescription?.sdp ?? '';
  });
  unit.signal(ROOM, 'ada', 'publish', { kind: 'description', description: { type: 'offer', sdp: offer } });
});

afterAll(async () => {
  await bob?.close();
  await browser?.close();
  await unit?.close();
  await new Promise((resolve) => http?.close(resolve));
});

// A Chromium, the unit's worker and a werift viewer on two shared cores.
describe('keyframe requests from the unit to a Chromium publisher', { timeout: 90_000 }, () => {
  it('counts as sent exactly the PLIs Chromium counts, none for the silent m-line', async () => {
    // Bob has a picture of Ada's camera: the unit's own requests for his start are behind him.
    await until(
      async () => bob.received.get(videoMid())?.length ?? 0,
      (packets) => packets >= 10,
    );
    // Bob asks until Chromium has counted three PLIs. A request can be answered without a PLI: a
    // keyframe Chromium sent anyway (a layer starting) answers every request still waiting.
    await until(
      async () => {
        bob.askKeyframe(videoMid());
        return chromiumPlis();
      },
      (plis) => plis >= 3,
    );
    // Every PLI the unit says it wrote reaches Chromium (which counts it when it arrives), and Chromium
    // counted none the unit did not: the two counts agree. A unit counting requests it never sent
    // stays ahead of Chromium, and this waits until the test times out.
    const written = (await unit.stats()).keyframeRequests;
    const counted = await until(chromiumPlis, (plis) => plis >= written);
    const stats = await unit.stats();

    expect(written).toBeGreaterThanOrEqual(3);
    expect(counted).toBeLessThanOrEqual(stats.keyframeRequests);
    expect(stats.keyframeRequestsDropped?.['not-connected']).toBe(0);
  });
});
