/**
 * A member's publish connection on werift: the member offers, the unit answers receive-only with one
 * codec per m-line (the first the member offered that the unit knows), so every packet of a track
 * carries the codec its subscribers are offered. Each RTP stream (a simulcast rid, or the only one)
 * becomes an `IncomingLayer`.
 */
import {
  PictureLossIndication,
  ReceiverEstimatedMaxBitrate,
  RtcpPayloadSpecificFeedback,
  RTCPeerConnection,
  SessionDescription,
  type MediaDescription,
  type MediaStreamTrack,
  type RTCRtpTransceiver,
  type RtcpPacket,
} from 'werift';
import type {
  EngineCandidate,
  IncomingLayer,
  IncomingTrack,
  OfferedMedia,
  PublishConnection,
  RtpPacketView,
} from './engine';
import { matchCodec, PUBLISH_CEILING, publishConfig, toEngineCodec } from './werift-config';
import { Listeners } from './listeners';
import { inactivateMids, perLayerPli, rejectMids } from './sdp-text';
import { routePublishRtp } from './werift-publish-routing';

/** How often the publisher is told its ceiling (browsers send REMB about once a second). */
const REMB_INTERVAL_MS = 1000;

class WeriftLayer implements IncomingLayer {
  private readonly listeners = new Listeners<[RtpPacketView]>();
  private ssrc: number | undefined;
  /** A keyframe asked for before the first packet told the stream's SSRC. */
  private keyframeWanted = false;

  constructor(
    readonly rid: string | undefined,
    track: MediaStreamTrack,
    /** Sends a PLI naming the stream `ssrc`. */
    private readonly sendPli: (ssrc: number) => void,
  ) {
    this.ssrc = track.ssrc || undefined;
    track.onReceiveRtp.subscribe((packet) => {
      this.ssrc = packet.header.ssrc;
      if (this.keyframeWanted) this.requestKeyframe();
      this.listeners.emit(packet);
    });
  }

  onPacket(listener: (packet: RtpPacketView) => void): void {
    this.listeners.add(listener);
  }

  /** The m-line is sent again after a pause: its packets go to the new track's listeners only. */
  reset(): void {
    this.listeners.clear();
  }

  requestKeyframe(): void {
    this.keyframeWanted = this.ssrc === undefined;
    if (this.ssrc !== undefined) this.sendPli(this.ssrc);
  }
}

class WeriftIncomingTrack implements IncomingTrack {
  private readonly layers: WeriftLayer[] = [];
  private readonly layerListeners = new Listeners<[IncomingLayer]>();

  constructor(
    readonly mid: string,
    readonly kind: 'audio' | 'video',
    readonly streamId: string,
    readonly codec: IncomingTrack['codec'],
    readonly extensions: ReadonlyMap<string, number>,
    readonly rids: readonly string[],
  ) {}

  addLayer(layer: WeriftLayer): void {
    this.layers.push(layer);
    this.layerListeners.emit(layer);
  }

  onLayer(listener: (layer: IncomingLayer) => void): void {
    this.layerListeners.add(listener);
    for (const layer of this.layers) listener(layer);
  }
}

/** The first stream id of an m-line's `a=msid`, `-` when the member sent a track without a stream. */
function streamIdOf(media: MediaDescription): string {
  return media.msid?.split(' ')[0] ?? '-';
}

/** REMB (draft-alvestrand-rmcat-remb): `bitrate` as an 18-bit mantissa and a 6-bit exponent. */
function rembPacket(senderSsrc: number, bitrate: number, ssrcs: number[]): RtcpPacket {
  let exponent = 0;
  while (bitrate >= 2 ** (18 + exponent)) exponent += 1;
  const mantissa = Math.floor(bitrate / 2 ** exponent);
  return new RtcpPayloadSpecificFeedback({
    feedback: new ReceiverEstimatedMaxBitrate({
      senderSsrc,
      mediaSsrc: 0,
      brExp: exponent,
      brMantissa: mantissa,
      bitrate: BigInt(mantissa) << BigInt(exponent),
      ssrcNum: ssrcs.length,
      ssrcFeedbacks: ssrcs,
    }),
  });
}

/**
 * PLI (RFC 4585 §6.3.1) for the stream `mediaSsrc`, signed with the connection's own feedback SSRC, as
 * its REMB is. werift's receiver signs its PLI with the SSRC its answer announces on the m-line, and a
 * werift publisher (a light sender, a client written from docs/PROTOCOL.md) routes payload-specific
 * feedback by the sender SSRC before the media SSRC: to its own receiver of that SSRC, which drops it,
 * so its encoder never heard the request. A browser looks at the media SSRC only.
 */
function pliPacket(senderSsrc: number, mediaSsrc: number): RtcpPacket {
  return new RtcpPayloadSpecificFeedback({
    feedback: new PictureLossIndication({ senderSsrc, mediaSsrc }),
  });
}

interface NackTracker {
  addPacket(packet: unknown): void;
  close(): void;
}

/**
 * werift's receiver tracks losses with one NACK handler per m-line, which with simulcast mixes the
 * sequence numbers of three streams and asks the publisher for packets it never lost. Here each
 * stream (SSRC) gets its own handler of werift's class.
 */
function nackPerStream(transceiver: RTCRtpTransceiver): void {
  // werift declares the handler private; the receiver calls only addPacket and close on it.
  const receiver = transceiver.receiver as unknown as { nack: NackTracker };
  const Handler = receiver.nack.constructor as new (owner: unknown) => NackTracker;
  const byStream = new Map<number, NackTracker>();
  receiver.nack = {
    addPacket(packet) {
      const ssrc = (packet as { header: { ssrc: number } }).header.ssrc;
      let handler = byStream.get(ssrc);
      if (!handler) {
        handler = new Handler(transceiver.receiver);
        byStream.set(ssrc, handler);
      }
      handler.addPacket(packet);
    },
    close() {
      for (const handler of byStream.values()) handler.close();
      byStream.clear();
    },
  };
}

/** The mids of the m-lines an answer of ours accepted (any direction, port not 0). */
function negotiatedMids(answer: string | undefined): Set<string> {
  const mids = new Set<string>();
  for (const media of answer ? SessionDescription.parse(answer).media : []) {
    if (media.port !== 0 && media.rtp.muxId) mids.add(media.rtp.muxId);
  }
  return mids;
}

function isSending(media: MediaDescription): boolean {
  return media.port !== 0 && (media.direction === 'sendonly' || media.direction === 'sendrecv');
}

/** A member's publish connection, announcing addresses besides the machine's own. */
export function createWeriftPublish(addresses: readonly string[] | undefined): PublishConnection {
  const pc = new RTCPeerConnection(publishConfig(addresses));
  const tracks = new Map<string, WeriftIncomingTrack>();
  /** Tracks (by transceiver) werift announced before the answer decided what they belong to. */
  const pendingTracks = new Map<RTCRtpTransceiver, MediaStreamTrack[]>();
  const trackListeners = new Listeners<[IncomingTrack]>();
  const endedListeners = new Listeners<[string]>();
  const failedListeners = new Listeners<[]>();
  const wired = new WeakSet<RTCRtpTransceiver>();
  /** The SSRC the unit signs its feedback with on this connection; announced nowhere. */
  const senderSsrc = (Math.random() * 0xffff_ffff) >>> 0;
  const streams = new Set<number>();
  const ceiling = setInterval(() => {
    const transport = pc.getTransceivers()[0]?.receiver.dtlsTransport;
    if (transport?.state !== 'connected' || streams.size === 0) return;
    void transport.sendRtcp([rembPacket(senderSsrc, PUBLISH_CEILING, [...streams])]).catch(() => undefined);
  }, REMB_INTERVAL_MS);
  const routing = routePublishRtp(pc, (ssrc) => streams.add(ssrc));

  /** One layer per werift track, kept while the m-line lives: a track sent again reuses it. */
  const layers = new WeakMap<MediaStreamTrack, WeriftLayer>();

  function layerOf(transceiver: RTCRtpTransceiver, track: MediaStreamTrack): WeriftLayer {
    const known = layers.get(track);
    if (known) {
      known.reset();
      return known;
    }
    const layer = new WeriftLayer(track.rid, track, (ssrc) => {
      const transport = transceiver.receiver.dtlsTransport;
      if (transceiver.receiver.stopped || transport?.state !== 'connected') return;
      void transport.sendRtcp([pliPacket(senderSsrc, ssrc)]).catch(() => undefined);
    });
    layers.set(track, layer);
    return layer;
  }

  function wire(transceiver: RTCRtpTransceiver): void {
    if (wired.has(transceiver)) return;
    wired.add(transceiver);
    nackPerStream(transceiver);
    transceiver.onTrack.subscribe((track) => {
      const incoming = transceiver.mid ? tracks.get(transceiver.mid) : undefined;
      if (incoming) incoming.addLayer(layerOf(transceiver, track));
      else pendingTracks.set(transceiver, [...(pendingTracks.get(transceiver) ?? []), track]);
    });
  }

  pc.onRemoteTransceiverAdded.subscribe(wire);
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'failed') failedListeners.emit();
  });

  function end(mid: string): void {
    if (tracks.delete(mid)) endedListeners.emit(mid);
  }

  return {
    async answer(sdp, accept) {
      const offer = SessionDescription.parse(sdp);
      // m-lines answered before this offer: a refusal keeps them (inactive) rather than stopping them.
      const negotiated = negotiatedMids(pc.localDescription?.sdp);
      await pc.setRemoteDescription({ type: 'offer', sdp });
      routing.update(offer);
      const accepted: { transceiver: RTCRtpTransceiver; media: MediaDescription }[] = [];
      const refused = new Set<string>();
      const held = new Set<string>();
      for (const transceiver of pc.getTransceivers()) {
        wire(transceiver);
        const media = offer.media.find((m) => m.rtp.muxId === transceiver.mid);
        if (!media || !transceiver.mid || (media.kind !== 'audio' && media.kind !== 'video')) continue;
        if (!isSending(media)) {
          end(transceiver.mid);
          continue;
        }
        const codec = media.rtp.codecs
          .map((offered) => matchCodec(transceiver.codecs, offered))
          .find((match) => match !== undefined);
        const described: OfferedMedia = {
          mid: transceiver.mid,
          kind: media.kind,
          known: tracks.has(transceiver.mid),
          sending: true,
        };
        if (codec && !accept(described) && negotiated.has(transceiver.mid)) {
          held.add(transceiver.mid);
          end(transceiver.mid);
          continue;
        }
        if (!codec || !accept(described)) {
          refused.add(transceiver.mid);
          transceiver.stop();
          end(transceiver.mid);
          continue;
        }
        transceiver.setCodecPreferences([codec]);
        accepted.push({ transceiver, media });
      }
      await pc.setLocalDescription(await pc.createAnswer());
      for (const { transceiver, media } of accepted) {
        const mid = transceiver.mid as string;
        if (tracks.has(mid)) continue;
        const codec = transceiver.codecs[0];
        if (!codec) continue;
        const incoming = new WeriftIncomingTrack(
          mid,
          media.kind as 'audio' | 'video',
          streamIdOf(media),
          toEngineCodec(codec),
          new Map(media.rtp.headerExtensions.map((ext) => [ext.uri, ext.id])),
          media.simulcastParameters.filter((p) => p.direction === 'send').map((p) => p.rid),
        );
        tracks.set(mid, incoming);
        trackListeners.emit(incoming);
        // Streams werift already knows (an m-line sent again after being inactive: werift announces
        // a stream once), then those it announced before this answer.
        const streams = new Set([...transceiver.receiver.tracks, ...(pendingTracks.get(transceiver) ?? [])]);
        for (const track of streams) incoming.addLayer(layerOf(transceiver, track));
        pendingTracks.delete(transceiver);
      }
      return perLayerPli(inactivateMids(rejectMids(pc.localDescription?.sdp ?? '', refused), held));
    },
    async addCandidate(candidate: EngineCandidate | null) {
      if (candidate) await pc.addIceCandidate(candidate);
    },
    onTrack: (listener) => trackListeners.add(listener),
    onTrackEnded: (listener) => endedListeners.add(listener),
    onFailed: (listener) => failedListeners.add(listener),
    async close() {
      clearInterval(ceiling);
      for (const mid of [...tracks.keys()]) end(mid);
      await pc.close();
    },
  };
}
