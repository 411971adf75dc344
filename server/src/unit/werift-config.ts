/**
 * The codecs, feedback and header extensions the unit negotiates with werift. The publish side accepts
 * what browsers send (VP8, VP9, H264, Opus; transport-cc so the publisher's bandwidth estimate grows;
 * rid/mid for simulcast; audio levels). The subscribe side offers goog-remb without transport-cc, so
 * each viewer reports its bandwidth estimate (REMB) that the layer choice reads.
 */
import {
  RTCRtpCodecParameters,
  useAbsSendTime,
  useAudioLevelIndication,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  useTransportWideCC,
  type RTCPeerConnectionConfig,
} from 'werift';
import type { EngineCodec } from './engine';

/** The RTP header extension carrying each audio packet's level (RFC 6464): the active speaker. */
export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

type Feedback = RTCRtpCodecParameters['rtcpFeedback'];

function videoCodecs(feedback: Feedback): RTCRtpCodecParameters[] {
  const base = { clockRate: 90000, rtcpFeedback: feedback };
  return [
    new RTCRtpCodecParameters({ ...base, mimeType: 'video/VP8' }),
    new RTCRtpCodecParameters({ ...base, mimeType: 'video/VP9', parameters: 'profile-id=0' }),
    new RTCRtpCodecParameters({
      ...base,
      mimeType: 'video/H264',
      parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    }),
  ];
}

function audioCodecs(): RTCRtpCodecParameters[] {
  return [
    new RTCRtpCodecParameters({
      mimeType: 'audio/opus',
      clockRate: 48000,
      channels: 2,
      parameters: 'minptime=10;useinbandfec=1',
    }),
  ];
}

const KEYFRAME_FEEDBACK: Feedback = [
  { type: 'nack' },
  { type: 'nack', parameter: 'pli' },
  { type: 'ccm', parameter: 'fir' },
];

/** Settings every connection of the unit shares: where ICE listens, no IPv6 (LAN, faster gathering). */
export function baseConfig(addresses: readonly string[] | undefined): RTCPeerConnectionConfig {
  return {
    bundlePolicy: 'max-bundle',
    iceUseIpv6: false,
    ...(addresses?.length ? { iceAdditionalHostAddresses: [...addresses] } : {}),
  };
}

export function publishConfig(addresses: readonly string[] | undefined): RTCPeerConnectionConfig {
  return {
    ...baseConfig(addresses),
    codecs: {
      video: videoCodecs([...KEYFRAME_FEEDBACK, { type: 'transport-cc' }]),
      audio: audioCodecs(),
    },
    headerExtensions: {
      video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useTransportWideCC()],
      audio: [useSdesMid(), useAudioLevelIndication()],
    },
  };
}

export function subscribeConfig(addresses: readonly string[] | undefined): RTCPeerConnectionConfig {
  return {
    ...baseConfig(addresses),
    codecs: {
      video: videoCodecs([...KEYFRAME_FEEDBACK, { type: 'goog-remb' }]),
      audio: audioCodecs(),
    },
    headerExtensions: {
      video: [useSdesMid(), useAbsSendTime()],
      audio: [useSdesMid(), useAudioLevelIndication()],
    },
  };
}

/** The unit's codec for what a publisher offered: same name, and for H264 the same packetization. */
export function matchCodec(
  ours: readonly RTCRtpCodecParameters[],
  offered: { mimeType: string; parameters?: string | undefined },
): RTCRtpCodecParameters | undefined {
  const mime = offered.mimeType.toLowerCase();
  return ours.find((codec) => {
    if (codec.mimeType.toLowerCase() !== mime) return false;
    if (mime === 'video/h264') return fmtp(offered.parameters).get('packetization-mode') === '1';
    if (mime === 'video/vp9') return (fmtp(offered.parameters).get('profile-id') ?? '0') === '0';
    return true;
  });
}

function fmtp(parameters: string | undefined): Map<string, string> {
  return new Map(
    (parameters ?? '')
      .split(';')
      .map((pair) => pair.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2)
      .map(([key, value]) => [key.toLowerCase(), value]),
  );
}

export function toEngineCodec(codec: RTCRtpCodecParameters): EngineCodec {
  return {
    mimeType: codec.mimeType,
    clockRate: codec.clockRate,
    ...(codec.channels ? { channels: codec.channels } : {}),
    ...(codec.parameters ? { parameters: codec.parameters } : {}),
  };
}
