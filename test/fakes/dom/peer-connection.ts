/**
 * A recording RTCPeerConnection stand-in for engine unit tests that check bookkeeping (which senders
 * exist, which tracks they carry, what is sent to the peer). Negotiation itself runs in Chromium; the
 * fake keeps the rules the engine relies on (a candidate needs a remote description first) and can make
 * a description step fail, as a browser does when it cannot apply one.
 */
import { FakeTrack, type FakeStream } from './media';

export class FakeSender {
  /** What setParameters was last given (encodings as addTransceiver set them up, first). */
  parameters: RTCRtpSendParameters;
  constructor(
    public track: FakeTrack | null,
    encodings: RTCRtpEncodingParameters[] = [],
  ) {
    this.parameters = { encodings, transactionId: '1', codecs: [], headerExtensions: [], rtcp: {} };
  }
  async replaceTrack(track: FakeTrack | null): Promise<void> {
    this.track = track;
  }
  getParameters(): RTCRtpSendParameters {
    return structuredClone({ ...this.parameters, encodings: this.parameters.encodings });
  }
  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    this.parameters = parameters;
  }
}

/** A receiver: its track, and the audio levels the test says its sources have. */
export class FakeReceiver {
  levels: number[] = [];
  constructor(readonly track: FakeTrack) {}
  getSynchronizationSources(): { audioLevel: number }[] {
    return this.levels.map((audioLevel) => ({ audioLevel }));
  }
}

/**
 * A transceiver as addTransceiver makes it (sending) or a remote offer does (receiving). Its mid is
 * given when a description first names it, and taken away once a negotiation that rejected its
 * m-line completes, as in a browser.
 */
export class FakeTransceiver {
  mid: string | null = null;
  stopped = false;
  /** As the engine set it last (a browser would fire negotiationneeded; tests call it). */
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  readonly sender: FakeSender;
  readonly receiver: FakeReceiver;
  constructor(
    readonly kind: 'audio' | 'video',
    sending: FakeTrack | null,
    readonly init: RTCRtpTransceiverInit = {},
  ) {
    this.direction = init.direction ?? 'sendrecv';
    this.sender = new FakeSender(sending, init.sendEncodings ?? []);
    this.receiver = new FakeReceiver(new FakeTrack(kind));
    this.receiver.track.muted = true;
  }
  setCodecPreferences(): void {}
  stop(): void {
    this.stopped = true;
    this.currentDirection = 'stopped';
  }
}

export class FakeDataChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  binaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  readonly sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;
  constructor(
    readonly label: string,
    readonly options: RTCDataChannelInit = {},
  ) {
    super();
  }
  send(data: unknown): void {
    if (this.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError');
    this.sent.push(data);
  }
  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.onclose?.();
  }
  /** What the browser does once SCTP is up. */
  open(): void {
    this.readyState = 'open';
    this.onopen?.();
  }
  receive(data: unknown): void {
    this.onmessage?.({ data });
  }
}

export class FakePeerConnection {
  static created: FakePeerConnection[] = [];
  readonly senders: FakeSender[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  readonly removed: FakeSender[] = [];
  closed = false;
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  remoteDescriptions: RTCSessionDescriptionInit[] = [];
  /** Errors the next calls of these methods reject with, one per call, in order. */
  readonly failures: { setLocalDescription: Error[]; setRemoteDescription: Error[] } = {
    setLocalDescription: [],
    setRemoteDescription: [],
  };
  candidates: RTCIceCandidateInit[] = [];
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
  ontrack: ((event: { track: FakeTrack; streams: FakeStream[] }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onicegatheringstatechange: (() => void) | null = null;
  onsignalingstatechange: (() => void) | null = null;
  ondatachannel: ((event: { channel: FakeDataChannel }) => void) | null = null;
  readonly channels: FakeDataChannel[] = [];
  sctp: { maxMessageSize: number } | null = { maxMessageSize: 262144 };
  /** When set, descriptions made here carry it as their DTLS fingerprint, as a browser's do. */
  fingerprint: string | null = null;
  /**
   * Transceivers whose m-line the negotiation under way rejects (port 0): those stopped here, or
   * those the remote description rejected. Dissociated once it completes.
   */
  private rejected = new Set<FakeTransceiver>();
  /** Every mid this connection has named: a browser never gives one to a second transceiver. */
  private readonly mids = new Set<string>();

  constructor(readonly config: RTCConfiguration) {
    FakePeerConnection.created.push(this);
  }

  addTrack(track: FakeTrack, _stream: FakeStream): FakeSender {
    const sender = new FakeSender(track);
    this.senders.push(sender);
    return sender;
  }

  /** A track, or a kind alone (a browser sends nothing on it until replaceTrack gives it a track). */
  addTransceiver(track: FakeTrack | 'audio' | 'video', init: RTCRtpTransceiverInit = {}): FakeTransceiver {
    const transceiver =
      typeof track === 'string'
        ? new FakeTransceiver(track, null, init)
        : new FakeTransceiver(track.kind, track, init);
    this.transceivers.push(transceiver);
    return transceiver;
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  createDataChannel(label: string, options: RTCDataChannelInit = {}): FakeDataChannel {
    const channel = new FakeDataChannel(label, options);
    this.channels.push(channel);
    return channel;
  }

  removeTrack(sender: FakeSender): void {
    sender.track = null;
    this.removed.push(sender);
  }

  async setLocalDescription(): Promise<void> {
    const failure = this.failures.setLocalDescription.shift();
    if (failure) throw failure;
    const answering = this.signalingState === 'have-remote-offer';
    this.transceivers.forEach((transceiver, index) => {
      // A transceiver stopped before it was ever offered gets no m-line, so no mid.
      if (transceiver.mid !== null || transceiver.stopped) return;
      let mid = index;
      while (this.mids.has(String(mid))) mid += 1;
      transceiver.mid = String(mid);
      this.mids.add(transceiver.mid);
    });
    // Our description rejects the m-line of each transceiver stopped here.
    for (const transceiver of this.transceivers) if (transceiver.stopped) this.rejected.add(transceiver);
    if (answering) this.dissociate();
    this.localDescription = {
      type: answering ? 'answer' : 'offer',
      sdp: this.fingerprint ? `v=0\r\na=fingerprint:sha-256 ${this.fingerprint}\r\n` : 'v=0\r\n',
    };
    this.signalingState = answering ? 'stable' : 'have-local-offer';
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const failure = this.failures.setRemoteDescription.shift();
    if (failure) throw failure;
    this.remoteDescription = description;
    this.remoteDescriptions.push(description);
    if (description.type === 'offer') this.receiveOffered(description.sdp ?? '');
    if (description.type === 'answer') this.applyAnswer(description.sdp ?? '');
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.remoteDescription) throw new DOMException('no remote description', 'InvalidStateError');
    this.candidates.push(candidate);
  }

  restartIce(): void {}

  close(): void {
    this.closed = true;
    this.connectionState = 'closed';
  }

  /**
   * An offer's m-lines (`m=audio` / `m=video` with `a=mid:`) get a receiving transceiver each; one it
   * rejects (port 0) stops the transceiver of its mid, dissociated by our answer.
   */
  private receiveOffered(sdp: string): void {
    const rejected = new Set(rejectedMids(sdp));
    let kind: 'audio' | 'video' | null = null;
    for (const line of sdp.split(/\r?\n/)) {
      const media = /^m=(audio|video) /.exec(line);
      if (media) kind = media[1] as 'audio' | 'video';
      else if (line.startsWith('m=')) kind = null;
      const mid = /^a=mid:(\S+)/.exec(line)?.[1];
      if (!mid || !kind) continue;
      const known = this.transceivers.find((t) => t.mid === mid);
      if (rejected.has(mid)) {
        known?.stop();
        if (known) this.rejected.add(known);
        continue;
      }
      if (known) continue;
      const transceiver = new FakeTransceiver(kind, null, { direction: 'recvonly' });
      transceiver.mid = mid;
      this.mids.add(mid);
      this.transceivers.push(transceiver);
      this.ontrack?.({ track: transceiver.receiver.track, streams: [] });
    }
  }

  /**
   * What Chromium does with an answer to our offer (webrtc-pc, "set the session description"): a
   * transceiver whose m-line the answer rejected (port 0) is stopped. Code that reads the answer by
   * the transceivers' mids after applying it finds none of them (see {@link dissociate}).
   */
  private applyAnswer(sdp: string): void {
    const rejected = new Set(rejectedMids(sdp));
    for (const transceiver of this.transceivers) {
      if (transceiver.mid === null || !rejected.has(transceiver.mid)) continue;
      transceiver.stop();
      this.rejected.add(transceiver);
    }
    this.dissociate();
  }

  /**
   * The negotiation complete, each stopped transceiver whose m-line it rejected is dissociated, as
   * Chromium does: its mid turns null and getTransceivers() no longer lists it.
   */
  private dissociate(): void {
    for (const transceiver of this.rejected) transceiver.mid = null;
    const kept = this.transceivers.filter((transceiver) => !this.rejected.has(transceiver));
    this.transceivers.splice(0, this.transceivers.length, ...kept);
    this.rejected = new Set();
  }

  /** What the browser does when remote media arrives. */
  deliverTrack(track: FakeTrack, stream: FakeStream): void {
    stream.addTrack(track);
    this.ontrack?.({ track, streams: [stream] });
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

/** The mids of a description's rejected m-lines (port 0). */
function rejectedMids(sdp: string): string[] {
  const mids: string[] = [];
  let rejected = false;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) rejected = /^m=\S+ 0 /.test(line);
    const mid = /^a=mid:(\S+)/.exec(line)?.[1];
    if (mid && rejected) mids.push(mid);
  }
  return mids;
}

/** The Mesh/PeerLink seam, typed as the real constructor's result. */
export function createFakePeerConnection(config: RTCConfiguration): RTCPeerConnection {
  return new FakePeerConnection(config) as unknown as RTCPeerConnection;
}
