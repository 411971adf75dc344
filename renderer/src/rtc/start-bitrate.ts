/**
 * Raises the bitrate at which Chromium's bandwidth estimator starts. By default it starts near
 * 300 kbps and probes upwards, so on a LAN a camera spends many seconds at a fraction of its
 * resolution. Chromium reads `x-google-start-bitrate` (kbps) from the fmtp parameters of the codec it
 * sends with, and that codec comes from the remote description: so the parameter is added to every
 * video codec of a description just before setRemoteDescription. Our own (local) descriptions stay
 * as the browser made them, so perfect negotiation is unaffected; other browsers ignore the parameter.
 */

/** Start estimate on a LAN, in kbps: enough for 720p at once; the estimator still backs off on loss. */
export const LAN_START_KBPS = 4_000;

/** Repair and redundancy formats carry no picture and take no bitrate parameters. */
const NOT_A_CODEC = /^(rtx|red|ulpfec|flexfec-03)$/i;
const PARAMETER = 'x-google-start-bitrate';

export function withStartBitrate(sdp: string, kbps = LAN_START_KBPS): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  // First pass: per video section, the picture codecs and which of them already have an fmtp line.
  const codecs = new Set<string>();
  const withFmtp = new Set<string>();
  let section = -1;
  let video = false;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      section += 1;
      video = line.startsWith('m=video');
    }
    if (!video) continue;
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (rtpmap && !NOT_A_CODEC.test(rtpmap[2] ?? '')) codecs.add(`${section}:${rtpmap[1]}`);
    const fmtp = /^a=fmtp:(\d+) /.exec(line);
    if (fmtp) withFmtp.add(`${section}:${fmtp[1]}`);
  }
  // Second pass: extend existing fmtp lines, add one after the rtpmap of codecs that have none (VP8).
  const out: string[] = [];
  section = -1;
  for (const line of lines) {
    if (line.startsWith('m=')) section += 1;
    const fmtp = /^a=fmtp:(\d+) /.exec(line);
    if (fmtp && codecs.has(`${section}:${fmtp[1]}`) && !line.includes(PARAMETER)) {
      out.push(`${line};${PARAMETER}=${kbps}`);
      continue;
    }
    out.push(line);
    const rtpmap = /^a=rtpmap:(\d+) /.exec(line);
    const key = `${section}:${rtpmap?.[1]}`;
    if (rtpmap && codecs.has(key) && !withFmtp.has(key)) out.push(`a=fmtp:${rtpmap[1]} ${PARAMETER}=${kbps}`);
  }
  return out.join(eol);
}
