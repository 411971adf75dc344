import { describe, expect, it } from 'vitest';
import { withStartBitrate } from '../../renderer/src/rtc/start-bitrate';
import offer from '../fixtures/sdp-offer.sdp?raw';

const video = `m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99\r
a=rtpmap:96 VP8/90000\r
a=rtpmap:97 rtx/90000\r
a=fmtp:97 apt=96\r
a=rtpmap:98 VP9/90000\r
a=fmtp:98 profile-id=0\r
a=rtpmap:99 rtx/90000\r
a=fmtp:99 apt=98\r
`;

describe('withStartBitrate', () => {
  it('gives every video codec a start bitrate and leaves repair formats alone', () => {
    expect(withStartBitrate(video, 4000)).toBe(`m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99\r
a=rtpmap:96 VP8/90000\r
a=fmtp:96 x-google-start-bitrate=4000\r
a=rtpmap:97 rtx/90000\r
a=fmtp:97 apt=96\r
a=rtpmap:98 VP9/90000\r
a=fmtp:98 profile-id=0;x-google-start-bitrate=4000\r
a=rtpmap:99 rtx/90000\r
a=fmtp:99 apt=98\r
`);
  });

  it('does not touch audio, fingerprints or anything outside video codecs', () => {
    const munged = withStartBitrate(offer);
    expect(munged.split('\r\n').filter((l) => !offer.includes(l))).toEqual([
      'a=fmtp:96 x-google-start-bitrate=4000',
      'a=fmtp:98 profile-id=0;x-google-start-bitrate=4000',
    ]);
    expect(munged).toContain('a=fmtp:111 minptime=10;useinbandfec=1\r\n');
  });

  it('is idempotent', () => {
    expect(withStartBitrate(withStartBitrate(video))).toBe(withStartBitrate(video));
  });
});
