/**
 * What became of the keyframe requests the unit made to publishers. A request the throttle lets
 * through is not yet a PLI on the wire: the publisher's stream may not have told its SSRC, or its
 * connection may not carry RTCP yet. `/metrics` and the bench compare PLIs actually written with what
 * the publisher's browser counts (`pliCount`), and the dropped ones say why the two differ.
 */

/**
 * Why a keyframe request to a publisher's stream did not go out as a PLI: no packet has told the
 * stream's SSRC yet (the request waits for it, and goes with the first packet), the publish
 * connection cannot carry RTCP (not connected, or the m-line stopped), or the transport refused it.
 */
export type KeyframeDrop = 'no-stream' | 'not-connected' | 'send-failed';

/** Every reason a request can be dropped for, in the order `/metrics` lists them. */
export const KEYFRAME_DROPS: readonly KeyframeDrop[] = ['no-stream', 'not-connected', 'send-failed'];

/**
 * What became of the keyframe requests made to one stream: `sent` counts PLIs written to the publish
 * transport, so it can be compared with what the publisher counts (Chromium's `pliCount`).
 */
export interface PliCounts {
  sent: number;
  dropped: Record<KeyframeDrop, number>;
}

/** Counts with nothing sent or dropped yet. */
export function noPlis(): PliCounts {
  return { sent: 0, dropped: { 'no-stream': 0, 'not-connected': 0, 'send-failed': 0 } };
}

/** Adds `from` into `into` (totals over layers, tracks, rooms). */
export function addPlis(into: PliCounts, from: PliCounts): void {
  into.sent += from.sent;
  for (const reason of KEYFRAME_DROPS) into.dropped[reason] += from.dropped[reason];
}
