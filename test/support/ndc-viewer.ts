/**
 * A light viewer receiving with node-datachannel (libdatachannel: native sockets, DTLS and SRTP), for
 * benchmarks that fill a room on the same machine as what they measure: it costs about a third of a
 * werift receiver's CPU ("Forwarding engines" in docs/PERFORMANCE.md). The unit sends each viewer one
 * stream per track, with its SSRC in the offer, which is all libdatachannel can route. Like the werift
 * viewer it counts packets, frames and keyframes without decoding; unlike it, it sends receiver
 * reports only: no NACK, no keyframe request and no REMB (libdatachannel generates none), so it is a
 * viewer on a clean link that never asks the unit or the sharer for repairs. Its signaling is
 * light-member.ts's.
 */
import { performance } from 'node:perf_hooks';
import nodeDataChannel, { type PeerConnection } from 'node-datachannel';
import { LightMember, type UnitSignal, type UnitSignalData } from './light-member';

/** RTCP packet types 192–223 share the RTP payload-type byte on a muxed port (RFC 5761). */
function isRtcp(packet: Buffer): boolean {
  const type = packet[1] ?? 0;
  return type >= 192 && type <= 223;
}

/** The RTP payload of `packet`: after the CSRCs and the header extension, before any padding. */
function rtpPayload(packet: Buffer): Buffer | null {
  const first = packet[0] ?? 0;
  let offset = 12 + 4 * (first & 0x0f);
  if (first & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  const padding = first & 0x20 ? (packet[packet.length - 1] ?? 0) : 0;
  return offset <= packet.length - padding ? packet.subarray(offset, packet.length - padding) : null;
}

/** Payload type → mime type, per mid, from an offer's `a=rtpmap` lines. */
function codecsByMid(sdp: string): Map<string, Map<number, string>> {
  const byMid = new Map<string, Map<number, string>>();
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    if (!mid) continue;
    const kind = section.startsWith('audio') ? 'audio' : 'video';
    const codecs = new Map<number, string>();
    for (const [, type, name] of section.matchAll(/^a=rtpmap:(\d+) ([^/\s]+)/gm))
      codecs.set(Number(type), `${kind}/${name}`);
    byMid.set(mid, codecs);
  }
  return byMid;
}

export class NdcViewer extends LightMember {
  private readonly pc: PeerConnection;
  private codecs = new Map<string, Map<number, string>>();
  private readonly heldCandidates: UnitSignal[] = [];
  private state = 'new';

  constructor(url: string, name: string) {
    super(url, name);
    this.pc = new nodeDataChannel.PeerConnection(name, {
      iceServers: [],
      // Tests and benchmarks run in a namespace whose only interface is loopback.
      bindAddress: '127.0.0.1',
      enableIceUdpMux: false,
    });
    this.pc.onLocalDescription((sdp, type) => {
      if (type !== 'answer') return;
      this.send({ pc: 'subscribe', data: { kind: 'description', description: { type: 'answer', sdp } } });
      this.answeredAt ??= performance.now();
      for (const candidate of this.heldCandidates.splice(0)) this.send(candidate);
      this.notify();
    });
    this.pc.onLocalCandidate((candidate, mid) => {
      const signal: UnitSignal = {
        pc: 'subscribe',
        data: { kind: 'candidate', candidate: { candidate, sdpMid: mid } },
      };
      if (this.answeredAt === null) this.heldCandidates.push(signal);
      else this.send(signal);
    });
    this.pc.onStateChange((state) => {
      this.state = state;
      if (state === 'connected') this.connectedAt ??= performance.now();
      this.notify();
    });
    this.pc.onTrack((track) => {
      const mid = track.mid();
      // Answers the unit's sender reports with receiver reports, as any receiver does.
      track.setMediaHandler(new nodeDataChannel.RtcpReceivingSession());
      track.onMessage((packet) => {
        if (packet.length < 12 || isRtcp(packet)) return;
        const payload = rtpPayload(packet);
        if (!payload) return;
        const mime = this.codecs.get(mid)?.get((packet[1] ?? 0) & 0x7f) ?? '';
        this.count(mid, packet.readUInt32BE(4), mime, payload);
      });
    });
  }

  protected connectionState(): string {
    return this.state;
  }

  protected async closeMedia(): Promise<void> {
    this.pc.close();
  }

  /** libdatachannel answers an offer by itself (onLocalDescription); candidates trickle both ways. */
  protected async onSubscribeSignal(data: UnitSignalData): Promise<void> {
    if (data.kind === 'candidate') {
      const { candidate } = data;
      if (candidate?.candidate) this.pc.addRemoteCandidate(candidate.candidate, candidate.sdpMid ?? '0');
      return;
    }
    if (data.description.type !== 'offer') return;
    this.codecs = codecsByMid(data.description.sdp);
    this.pc.setRemoteDescription(data.description.sdp, 'offer');
  }
}
