/**
 * A member's publish connection on werift: the member offers, the unit answers receive-only with one
 * codec per m-line (the first the member offered that the unit knows), so every packet of a track
 * carries the codec its subscribers are offered. Each RTP stream (a simulcast rid, or the only one)
 * becomes an `IncomingLayer`.
 */
import {
  RTCPeerConnection,
  SessionDescription,
  type MediaDescription,
  type MediaStreamTrack,
  type RTCRtpTransceiver,
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
import { nackPerStream, pliPacket, rembPacket } from './werift-feedback';
import { noPlis, type KeyframeDrop } from './pli-counts';
import { inactivateMids, perLayerPli, rejectMids, withoutTransportCc } from './sdp-text';
import { resumeRestartedIce } from './werift-ice-restart';
import { routePublishRtp } from './werift-publish-routing';
import { publishQueueBehind } from './werift-queue';

/** A debug log line from the engine (the worker posts it to the server's logger). */
export type EngineDebug = (message: string, details: Record<string, unknown>) => void;

/** Writes a PLI naming `ssrc` and says what became of it. */
type PliSender = (
  ssrc: number,
  rid: string | undefined,
  done: (outcome: 'sent' | KeyframeDrop) => void,
) => void;

/** How often the publisher is told its ceiling (browsers send REMB about once a second). */
const REMB_INTERVAL_MS = 1000;

class WeriftLayer implements IncomingLayer {
  private readonly listeners = new Listeners<[RtpPacketView]>();
  ssrc: number | undefined;
  /** A keyframe asked for before the first packet told the stream's SSRC. */
  private keyframeWanted = false;
  readonly plis = noPlis();

  constructor(
    readonly rid: string | undefined,
    track: MediaStreamTrack,
    private readonly sendPli: PliSender,
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
    if (this.ssrc === undefined) {
      // One request waits for the first packet; more made meanwhile are folded into it.
      if (this.keyframeWanted) this.plis.dropped['no-stream'] += 1;
      this.keyframeWanted = true;
      return;
    }
    this.keyframeWanted = false;
    this.sendPli(this.ssrc, this.rid, (outcome) => {
      if (outcome === 'sent') this.plis.sent += 1;
      else this.plis.dropped[outcome] += 1;
    });
  }
}

class WeriftIncomingTrack implements IncomingTrack {
  readonly layers: WeriftLayer[] = [];
  private readonly layerListeners = new Listeners<[IncomingLayer]>();

  constructor(
    readonly mid: string,
    readonly kind: 'audio' | 'video',
    readonly streamId: string,
    readonly codec: IncomingTrack['codec'],
    readonly extensions: ReadonlyMap<string, number>,
    readonly rids: readonly string[],
    readonly behind: () => boolean,
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

/**
 * A member's publish connection, announcing addresses besides the machine's own. `debug` hears the
 * connection's states and every keyframe request with the SSRCs involved (`peerId` names the member).
 */
export function createWeriftPublish(
  addresses: readonly string[] | undefined,
  peerId = '',
  debug?: EngineDebug,
): PublishConnection {
  const pc = new RTCPeerConnection(publishConfig(addresses));
  const tracks = new Map<string, WeriftIncomingTrack>();
  /** Tracks (by transceiver) werift announced before the answer decided what they belong to. */
  const pendingTracks = new Map<RTCRtpTransceiver, MediaStreamTrack[]>();
  const trackListeners = new Listeners<[IncomingTrack]>();
  const endedListeners = new Listeners<[string]>();
  const failedListeners = new Listeners<[]>();
  const reconnectedListeners = new Listeners<[]>();
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
  const behind = publishQueueBehind(pc);

  /** Each layer's SSRC by mid and rid, as packets told them: what a PLI should name. */
  function layerSsrcs(): Record<string, number | null> {
    const named: Record<string, number | null> = {};
    for (const [mid, track] of tracks) {
      for (const layer of track.layers) named[`${mid}:${layer.rid ?? ''}`] = layer.ssrc ?? null;
    }
    return named;
  }

  /** One layer per werift track, kept while the m-line lives: a track sent again reuses it. */
  const layers = new WeakMap<MediaStreamTrack, WeriftLayer>();

  function layerOf(transceiver: RTCRtpTransceiver, track: MediaStreamTrack): WeriftLayer {
    const known = layers.get(track);
    if (known) {
      known.reset();
      return known;
    }
    const layer = new WeriftLayer(track.rid, track, (ssrc, rid, done) => {
      const transport = transceiver.receiver.dtlsTransport;
      const details = () => ({
        peerId,
        mid: transceiver.mid,
        rid,
        mediaSsrc: ssrc,
        senderSsrc,
        connection: pc.connectionState,
        transport: transport?.state,
        layers: layerSsrcs(),
        streams: [...streams],
      });
      if (transceiver.receiver.stopped || transport?.state !== 'connected') {
        debug?.('keyframe request not sent: publish connection not connected', details());
        done('not-connected');
        return;
      }
      debug?.('PLI sent to publisher', details());
      transport.sendRtcp([pliPacket(senderSsrc, ssrc)]).then(
        () => done('sent'),
        (error: unknown) => {
          debug?.('PLI refused by the transport', { ...details(), error: String(error) });
          done('send-failed');
        },
      );
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
    debug?.('publish connection state', { peerId, state, layers: layerSsrcs() });
    if (state === 'failed') failedListeners.emit();
  });

  function end(mid: string): void {
    if (tracks.delete(mid)) endedListeners.emit(mid);
  }

  return {
    async answer(offered, accept) {
      const sdp = withoutTransportCc(offered);
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
      // An offer with new ICE credentials (the member's address or network changed) restarted ICE.
      resumeRestartedIce(pc, () => reconnectedListeners.emit());
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
          behind,
        );
        tracks.set(mid, incoming);
        trackListeners.emit(incoming);
        // Streams werift already knows (an m-line sent again after being inactive: werift announces
        // a stream once), then those it announced before this answer.
        const known = new Set([...transceiver.receiver.tracks, ...(pendingTracks.get(transceiver) ?? [])]);
        for (const track of known) incoming.addLayer(layerOf(transceiver, track));
        pendingTracks.delete(transceiver);
      }
      return perLayerPli(inactivateMids(rejectMids(pc.localDescription?.sdp ?? '', refused), held));
    },
    async addCandidate(candidate: EngineCandidate | null) {
      if (!candidate) return;
      await pc.addIceCandidate(candidate);
      resumeRestartedIce(pc, () => reconnectedListeners.emit());
    },
    onTrack: (listener) => trackListeners.add(listener),
    onTrackEnded: (listener) => endedListeners.add(listener),
    onFailed: (listener) => failedListeners.add(listener),
    onReconnected: (listener) => reconnectedListeners.add(listener),
    async close() {
      clearInterval(ceiling);
      for (const mid of [...tracks.keys()]) end(mid);
      await pc.close();
    },
  };
}
