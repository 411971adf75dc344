/**
 * Turns two consecutive getStats() reports into the figures a person reads in the stats panel.
 * Counters in a report are totals since the start; rates (bitrate, loss) come from the difference
 * between the previous report and the current one. Pure, so it is tested on recorded report shapes.
 */

/** One entry of an RTCStatsReport, loosely typed: browsers add and rename fields over time. */
export type StatsEntry = RTCStats & Record<string, unknown>;

export interface PathFigures {
  localType: string;
  localAddress: string;
  remoteType: string;
  remoteAddress: string;
  protocol: string;
}

export interface VideoFigures {
  direction: 'in' | 'out';
  /** The local track sent, or the remote track received, so the panel can tell a screen from a camera. */
  trackId: string | null;
  codec: string | null;
  fps: number | null;
  width: number | null;
  height: number | null;
  kbps: number | null;
  /** Percent of packets lost over the last interval (in), or as the receiver last reported it (out). */
  lossPercent: number | null;
  jitterMs: number | null;
  /** Why the encoder holds back (out only): none, cpu, bandwidth or other. */
  limitation: string | null;
}

export interface LinkFigures {
  path: PathFigures | null;
  rttMs: number | null;
  kbpsIn: number | null;
  kbpsOut: number | null;
  /** The congestion controller's estimate of what we may send. */
  availableOutKbps: number | null;
  video: VideoFigures[];
}

type Report = ReadonlyMap<string, StatsEntry>;

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Kilobits per second between two byte counters taken at two timestamps (milliseconds). */
export function kbpsBetween(
  bytesBefore: unknown,
  bytesNow: unknown,
  msBefore: number,
  msNow: number,
): number | null {
  const before = num(bytesBefore);
  const now = num(bytesNow);
  if (before === null || now === null || msNow <= msBefore || now < before) return null;
  return Math.round(((now - before) * 8) / (msNow - msBefore));
}

/** The candidate pair ICE selected: the transport says which; older reports only mark it nominated. */
function selectedPair(report: Report): StatsEntry | null {
  for (const entry of report.values()) {
    if (entry.type !== 'transport') continue;
    const pair = report.get(str(entry.selectedCandidatePairId) ?? '');
    if (pair) return pair;
  }
  for (const entry of report.values()) {
    if (entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded')
      return entry;
  }
  return null;
}

function pathOf(report: Report, pair: StatsEntry): PathFigures | null {
  const local = report.get(str(pair.localCandidateId) ?? '');
  const remote = report.get(str(pair.remoteCandidateId) ?? '');
  if (!local || !remote) return null;
  const address = (c: StatsEntry) => `${str(c.address) ?? str(c.ip) ?? '?'}:${num(c.port) ?? '?'}`;
  return {
    localType: str(local.candidateType) ?? '?',
    localAddress: address(local),
    remoteType: str(remote.candidateType) ?? '?',
    remoteAddress: address(remote),
    protocol: str(local.protocol) ?? '?',
  };
}

function codecOf(report: Report, entry: StatsEntry): string | null {
  const mime = str(report.get(str(entry.codecId) ?? '')?.mimeType);
  return mime ? mime.replace(/^video\//i, '') : null;
}

function videoOf(report: Report, previous: Report | null, entry: StatsEntry): VideoFigures {
  const before = previous?.get(entry.id);
  const inbound = entry.type === 'inbound-rtp';
  const bytes = inbound ? 'bytesReceived' : 'bytesSent';
  let lossPercent: number | null = null;
  let jitter = num(entry.jitter);
  if (inbound) {
    const lost = (num(entry.packetsLost) ?? 0) - (num(before?.packetsLost) ?? 0);
    const received = (num(entry.packetsReceived) ?? 0) - (num(before?.packetsReceived) ?? 0);
    if (before && lost + received > 0) lossPercent = Math.max(0, (100 * lost) / (lost + received));
  } else {
    // What the far end reports about our stream comes back as remote-inbound-rtp.
    const remote = [...report.values()].find(
      (r) => r.type === 'remote-inbound-rtp' && r.localId === entry.id,
    );
    const fraction = num(remote?.fractionLost);
    lossPercent = fraction === null ? null : fraction * 100;
    jitter = num(remote?.jitter);
  }
  const source = inbound ? entry : report.get(str(entry.mediaSourceId) ?? '');
  return {
    direction: inbound ? 'in' : 'out',
    trackId: str(source?.trackIdentifier),
    codec: codecOf(report, entry),
    fps: num(entry.framesPerSecond),
    width: num(entry.frameWidth),
    height: num(entry.frameHeight),
    kbps: before ? kbpsBetween(before[bytes], entry[bytes], before.timestamp, entry.timestamp) : null,
    lossPercent: lossPercent === null ? null : Math.round(lossPercent * 10) / 10,
    jitterMs: jitter === null ? null : Math.round(jitter * 1000),
    limitation: inbound ? null : str(entry.qualityLimitationReason),
  };
}

/** Reads a report (as a map by id) against the previous one; `previous` null on the first poll. */
export function reduceStats(previous: Report | null, current: Report): LinkFigures {
  const pair = selectedPair(current);
  const pairBefore = pair ? previous?.get(pair.id) : undefined;
  const rtt = num(pair?.currentRoundTripTime);
  const available = num(pair?.availableOutgoingBitrate);
  const video = [...current.values()]
    .filter(
      (entry) => (entry.type === 'inbound-rtp' || entry.type === 'outbound-rtp') && entry.kind === 'video',
    )
    .filter((entry) => num(entry.frameWidth) !== null || num(entry.framesPerSecond) !== null)
    .map((entry) => videoOf(current, previous, entry));
  const between = (field: string) =>
    pair && pairBefore
      ? kbpsBetween(pairBefore[field], pair[field], pairBefore.timestamp, pair.timestamp)
      : null;
  return {
    path: pair ? pathOf(current, pair) : null,
    rttMs: rtt === null ? null : Math.round(rtt * 1000),
    kbpsIn: between('bytesReceived'),
    kbpsOut: between('bytesSent'),
    availableOutKbps: available === null ? null : Math.round(available / 1000),
    video,
  };
}

/** A report (or a recorded array of entries) as a map by id, so the previous one can be looked up by id. */
export function toReport(stats: {
  forEach(callback: (entry: StatsEntry) => void): void;
}): Map<string, StatsEntry> {
  const map = new Map<string, StatsEntry>();
  stats.forEach((entry) => map.set(entry.id, entry));
  return map;
}

/**
 * Frames per second our screen capture delivered, from a screen sender's report (its media-source
 * entry); null when the report has none yet. Capture only produces a frame when the screen changed.
 */
export function capturedFps(report: Report): number | null {
  for (const entry of report.values()) {
    if (entry.type === 'media-source') {
      const fps = num(entry.framesPerSecond);
      if (fps !== null) return fps;
    }
  }
  return null;
}
