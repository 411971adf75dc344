/**
 * The subscribe connection: everyone else's media, forwarded by the unit. The unit offers (again each
 * time tracks come or go, with the table of which m-line carries whose track) and we answer
 * receive-only; the table turns the m-lines back into people's streams (unit-streams.ts). ICE is
 * restarted by the unit, the offerer, which we ask to when ours breaks; an offer with other DTLS
 * fingerprints is a new connection of the unit's, answered on a new RTCPeerConnection (see
 * unit-link.ts).
 */
import type { UnitSignal, UnitTrack } from '../../../common/signaling/unit';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import type { LinkState } from './peer-link';
import { fingerprintsOf } from './sas';
import { UnitConnection, type UnitConnectionOptions } from './unit-connection';
import { UnitStreams, type StreamFactory } from './unit-streams';

const log = createLogger('rtc:unit-subscribe');

export interface UnitSubscriberEvents {
  state: LinkState;
  /** Streams gained or lost tracks, or the table changed. */
  changed: void;
  /** The connection cannot go on; `carry` is the offer that could not be answered on it. */
  broken: { carry: UnitSignal[] };
}

export type UnitSubscriberOptions = Omit<UnitConnectionOptions, 'name' | 'onIceBroken'> & {
  createStream?: StreamFactory;
};

/** The unit's certificate fingerprint (`sha-256 AB:CD:…`) in a description; null when it has none. */
export function unitFingerprintOf(sdp: string | null): string | null {
  if (!sdp) return null;
  return fingerprintsOf(sdp).find((fingerprint) => fingerprint.startsWith('sha-256 ')) ?? null;
}

/** The ICE username fragment of a description; a new one means ICE restarted. */
function iceUfragOf(sdp: string | null): string | null {
  return sdp ? (/^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null) : null;
}

export class UnitSubscriber extends Emitter<UnitSubscriberEvents> {
  readonly connection: UnitConnection;
  readonly streams: UnitStreams;
  private queue: Promise<void> = Promise.resolve();
  /** We asked the unit for a restart (counted then) and its restart offer has not come yet. */
  private restartAsked = false;
  private closed = false;

  constructor(options: UnitSubscriberOptions) {
    super();
    this.streams = new UnitStreams(options.createStream);
    this.connection = new UnitConnection({
      ...options,
      name: 'subscribe',
      // The unit offers on this connection, so it restarts ICE, when we ask (not on werift's own
      // 'failed', see server/src/unit/subscriber.ts). Each request counts, as each restartIce() does
      // on publish; so does a restart offer we did not ask for.
      onIceBroken: () => {
        log.info('ICE broke on the subscribe connection; asking the unit to restart it');
        this.connection.countRestart();
        this.restartAsked = true;
        this.connection.send({ kind: 'restart' });
      },
    });
    this.connection.on('state', (state) => this.emit('state', state));
    // Tracks that start flowing make a tile switch from the mesh's stream to the unit's.
    this.pc.ontrack = ({ track }) => track.addEventListener('unmute', () => this.emit('changed', undefined));
  }

  get pc(): RTCPeerConnection {
    return this.connection.pc;
  }

  get iceRestarts(): number {
    return this.connection.iceRestarts;
  }

  /** We send nothing here: no screen sender to show. */
  screenVideoSender(): RTCRtpSender | null {
    return null;
  }

  /** The unit's fingerprint as negotiated on this connection (what the unit code is made of). */
  fingerprint(): string | null {
    return unitFingerprintOf(this.connection.remoteSdp());
  }

  /** True when an offer comes from another connection of the unit than the one we answered. */
  isFromAnotherConnection(signal: UnitSignal): boolean {
    if (signal.data.kind !== 'description') return false;
    const known = this.fingerprint();
    const offered = unitFingerprintOf(signal.data.description.sdp);
    return known !== null && offered !== null && known !== offered;
  }

  /** Queues a signal from the unit; applied one at a time, in arrival order. */
  handle(signal: UnitSignal): Promise<void> {
    this.queue = this.queue.then(() => this.apply(signal));
    return this.queue;
  }

  /** The audio level (0..1) of each person the unit forwards sound of, from the RTP header extension. */
  levels(): Map<string, number> {
    const levels = new Map<string, number>();
    for (const transceiver of this.pc.getTransceivers()) {
      const entry = this.streams.entry(transceiver.mid);
      if (entry?.kind !== 'audio') continue;
      const sources = transceiver.receiver.getSynchronizationSources?.() ?? [];
      const level = Math.max(0, ...sources.map((source) => source.audioLevel ?? 0));
      levels.set(entry.owner, Math.max(levels.get(entry.owner) ?? 0, level));
    }
    return levels;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.streams.clear();
    this.connection.close();
    this.clearListeners();
  }

  private async apply(signal: UnitSignal): Promise<void> {
    if (this.closed) return;
    const { data } = signal;
    if (data.kind === 'candidate') return this.connection.addCandidate(data.candidate);
    if (data.description.type !== 'offer') {
      log.warn(`ignored a ${data.description.type} on the subscribe connection: the unit offers on it`);
      return;
    }
    log.debug(`unit offer with ${signal.tracks?.length ?? 0} tracks`);
    if (this.isFromAnotherConnection(signal)) {
      this.emit('broken', { carry: [signal] });
      return;
    }
    const before = iceUfragOf(this.connection.remoteSdp());
    const offered = iceUfragOf(data.description.sdp);
    if (before !== null && offered !== null && before !== offered) {
      if (!this.restartAsked) this.connection.countRestart();
      this.restartAsked = false;
    }
    try {
      await this.pc.setRemoteDescription({ type: 'offer', sdp: data.description.sdp });
      await this.connection.flushEarly();
      this.applyTable(signal.tracks ?? []);
      await this.pc.setLocalDescription();
    } catch (error) {
      log.warn('could not answer the unit’s offer; the subscribe connection will be rebuilt', error);
      this.emit('broken', { carry: [signal] });
      return;
    }
    const answer = this.pc.localDescription;
    if (answer && !this.closed) {
      this.connection.send({ kind: 'description', description: { type: answer.type, sdp: answer.sdp } });
    }
  }

  private applyTable(table: readonly UnitTrack[]): void {
    const slots = this.pc
      .getTransceivers()
      .filter((transceiver) => transceiver.receiver.track)
      .map((transceiver) => ({ mid: transceiver.mid, track: transceiver.receiver.track }));
    this.streams.apply(table, slots);
    this.emit('changed', undefined);
  }
}
