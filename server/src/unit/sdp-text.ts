/**
 * Edits of an SDP answer as text, where the engine writes no port 0 for an m-line it stopped: a
 * refused m-line must read as rejected (port 0, out of the BUNDLE group) so the member's browser
 * stops that transceiver and the client can say the room has enough senders.
 */

/** `sdp` with the m-lines of `mids` rejected. */
export function rejectMids(sdp: string, mids: ReadonlySet<string>): string {
  if (mids.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const [session = '', ...sections] = sdp.split(`${eol}m=`);
  const edited = sections.map((section) => {
    const mid = /^a=mid:(.+)$/m.exec(section)?.[1]?.trim();
    if (mid === undefined || !mids.has(mid)) return section;
    return section.replace(/^(\w+) \d+ /, '$1 0 ').replace(/^a=(sendrecv|sendonly|recvonly)$/m, 'a=inactive');
  });
  const group = session.replace(/^a=group:BUNDLE (.*)$(\r?\n)?/m, (_line, list: string, end = '') => {
    const kept = list.split(' ').filter((mid) => mid && !mids.has(mid));
    return kept.length > 0 ? `a=group:BUNDLE ${kept.join(' ')}${end}` : '';
  });
  return [group, ...edited].join(`${eol}m=`);
}
