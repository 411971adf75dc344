/**
 * A simulcast publish connection on the werift engine, without the worker: the unit's answer asks a
 * Chromium sharer to answer a PLI with a keyframe of that layer only, and each layer's keyframe
 * request names that layer's SSRC.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingLayer, PublishConnection } from '../../../server/src/unit/engine';
import { createWeriftPublish } from '../../../server/src/unit/werift-publish';
import { SimulcastPublisher } from './werift-simulcast-publisher';

const closing: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const item of closing.splice(0)) await item.close();
});

/** The fmtp parameters of payload type `pt` in `sdp`. */
function fmtp(sdp: string, pt: number): string[] {
  return new RegExp(`^a=fmtp:${pt} (.*)$`, 'm').exec(sdp)?.[1]?.trim().split(';') ?? [];
}

/**
 * Chromium's offer lists transport-wide congestion control among each video codec's feedback (with
 * its header extension, which the unit does not take): the same offer with that line added.
 */
function asChromiumOffers(offer: string): string {
  return offer.replace(/^(a=rtcp-fb:(\d+) goog-remb)(\r?\n)/gm, '$1$3a=rtcp-fb:$2 transport-cc$3');
}

async function connect(rids: string[], edit: (offer: string) => string = (offer) => offer) {
  const publisher = new SimulcastPublisher(rids);
  const unit: PublishConnection = createWeriftPublish(['127.0.0.1']);
  closing.push(publisher, unit);
  const layers = new Map<string, IncomingLayer>();
  const seen = new Set<string>();
  unit.onTrack((track) =>
    track.onLayer((layer) => {
      layers.set(layer.rid ?? '', layer);
      layer.onPacket(() => seen.add(layer.rid ?? ''));
    }),
  );
  const answer = await unit.answer(edit(await publisher.offer()), () => true);
  await publisher.accept(answer);
  return { publisher, unit, layers, seen, answer };
}

/** Sends frames until `done` holds, yielding to both connections between frames. */
async function sendUntil(publisher: SimulcastPublisher, done: () => boolean): Promise<void> {
  while (!done()) {
    await publisher.sendFrame();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Two DTLS peers in one process on two shared cores (as forwarding-unit.test.ts).
describe('werift publish connection with simulcast', { timeout: 60_000 }, () => {
  it('answers with x-google-per-layer-pli=1 on the video codec', async () => {
    const { answer } = await connect(['l', 'h']);
    const pt = Number(/^m=video \d+ \S+ (\d+)/m.exec(answer)?.[1]);
    expect(fmtp(answer, pt)).toContain('x-google-per-layer-pli=1');
  });

  it('answers without transport-cc, which it does not negotiate, and still receives', async () => {
    const { publisher, answer, seen } = await connect(['l', 'h'], asChromiumOffers);

    expect(answer).toMatch(/^a=rtcp-fb:\d+ goog-remb$/m);
    expect(answer).not.toMatch(/transport-cc|transport-wide-cc/);
    await sendUntil(publisher, () => seen.has('l') && seen.has('h'));
  });

  it('asks each layer for a keyframe by that layer’s SSRC', async () => {
    const { publisher, layers, seen } = await connect(['l', 'h']);
    await sendUntil(publisher, () => seen.has('l') && seen.has('h'));

    layers.get('h')?.requestKeyframe();
    await sendUntil(publisher, () => publisher.keyframeRequests.length >= 1);
    layers.get('l')?.requestKeyframe();
    await sendUntil(publisher, () => publisher.keyframeRequests.length >= 2);

    expect(publisher.keyframeRequests).toEqual([publisher.ssrcs.get('h'), publisher.ssrcs.get('l')]);
  });
});
