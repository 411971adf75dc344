/**
 * Edits of an SDP answer as text, for what the engine does not write: port 0 for an m-line it stopped
 * (a refused new m-line must read as rejected, out of the BUNDLE group, so the member's browser stops
 * that transceiver and the client can say the room has enough senders), `a=inactive` for a refused
 * m-line the member had negotiated before (it keeps its transport for a later try), and Chromium's
 * per-layer PLI; and one edit of a member's offer before the engine reads it (transport-cc feedback,
 * below).
 */

/** Chromium's fmtp parameter (WebRTC's docs/native-code/sdp-ext/fmtp-x-google-per-layer-pli.md). */
const PER_LAYER_PLI = 'x-google-per-layer-pli=1';

/**
 * `sdp` with `x-google-per-layer-pli=1` on every codec of its simulcast video m-lines. Without it,
 * Chromium answers a PLI naming one layer's SSRC with a keyframe on every layer: each viewer's request
 * would cost the sharer a keyframe of each layer, the largest included, where the unit asked for one.
 */
export function perLayerPli(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const [session = '', ...sections] = sdp.split(`${eol}m=`);
  const edited = sections.map((section) => {
    if (!section.startsWith('video ') || !/^a=simulcast:/m.test(section)) return section;
    const lines = section.split(eol);
    const types = (lines[0] ?? '').split(' ').slice(3);
    for (const pt of types) {
      if (lines.some((line) => line.toLowerCase().startsWith(`a=rtpmap:${pt} rtx/`))) continue;
      const fmtp = lines.findIndex((line) => line.startsWith(`a=fmtp:${pt} `));
      const rtpmap = lines.findIndex((line) => line.startsWith(`a=rtpmap:${pt} `));
      if (fmtp >= 0) {
        if (!lines[fmtp]?.includes('x-google-per-layer-pli')) lines[fmtp] += `;${PER_LAYER_PLI}`;
      } else if (rtpmap >= 0) {
        lines.splice(rtpmap + 1, 0, `a=fmtp:${pt} ${PER_LAYER_PLI}`);
      }
    }
    return lines.join(eol);
  });
  return [session, ...edited].join(`${eol}m=`);
}

/**
 * `sdp` cut at its m-lines, each section of `mids` passed through `edit`: the session part and the
 * sections, to be joined again with `${eol}m=`.
 */
function editMids(
  sdp: string,
  mids: ReadonlySet<string>,
  edit: (section: string) => string,
): { eol: string; session: string; sections: string[] } {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const [session = '', ...sections] = sdp.split(`${eol}m=`);
  const edited = sections.map((section) => {
    const mid = /^a=mid:(.+)$/m.exec(section)?.[1]?.trim();
    return mid === undefined || !mids.has(mid) ? section : edit(section);
  });
  return { eol, session, sections: edited };
}

/** `sdp` with the m-lines of `mids` rejected. */
export function rejectMids(sdp: string, mids: ReadonlySet<string>): string {
  if (mids.size === 0) return sdp;
  const { eol, session, sections } = editMids(sdp, mids, (section) =>
    section.replace(/^(\w+) \d+ /, '$1 0 ').replace(/^a=(sendrecv|sendonly|recvonly)$/m, 'a=inactive'),
  );
  const group = session.replace(/^a=group:BUNDLE (.*)$(\r?\n)?/m, (_line, list: string, end = '') => {
    const kept = list.split(' ').filter((mid) => mid && !mids.has(mid));
    return kept.length > 0 ? `a=group:BUNDLE ${kept.join(' ')}${end}` : '';
  });
  return [group, ...sections].join(`${eol}m=`);
}

/**
 * `sdp` (a member's publish offer) without transport-cc feedback. The unit does not negotiate
 * transport-wide congestion control with publishers (werift-config.ts says why; they get a REMB
 * ceiling), but werift answers with the offerer's own codec, feedback included: its answer then
 * listed transport-cc without the header extension it needs, and its receiver set up transport-cc
 * state fed on every packet with a sequence number that never comes. Removed from the offer, the
 * feedback is in neither.
 */
export function withoutTransportCc(sdp: string): string {
  return sdp.replace(/^a=rtcp-fb:\S+ transport-cc\r?\n/gm, '');
}

/**
 * `sdp` with the m-lines of `mids` answered `a=inactive`: refused without being stopped, so a member
 * who unmutes in a full room keeps its m-line, and its connection its transport, for when a place
 * frees up.
 */
export function inactivateMids(sdp: string, mids: ReadonlySet<string>): string {
  if (mids.size === 0) return sdp;
  const { eol, session, sections } = editMids(sdp, mids, (section) =>
    section.replace(/^a=(sendrecv|sendonly|recvonly)$/m, 'a=inactive'),
  );
  return [session, ...sections].join(`${eol}m=`);
}
