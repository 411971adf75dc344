/** What the UI shows of a transfer, in either direction. */
export type TransferState =
  | 'offered'
  | 'queued'
  | 'transferring'
  | 'interrupted'
  | 'verifying'
  | 'done'
  | 'declined'
  | 'refused'
  | 'cancelled'
  | 'failed';

export interface TransferView {
  id: string;
  direction: 'out' | 'in';
  name: string;
  size: number;
  type: string;
  peerName: string;
  /** Whom it is for or from: the identity key (see rtc/identities.ts), to show how far they are trusted. */
  peerKey: string;
  state: TransferState;
  bytes: number;
  bytesPerSecond: number;
  secondsLeft: number | null;
  /** Why a transfer failed, was refused or declined, as data the UI puts in words. */
  error: TransferProblem | null;
  /** For a received file kept in memory: an object URL to save it from. */
  downloadUrl: string | null;
  /** For a file the desktop app saved: where, and the id to show it in its folder. */
  savedTo: string | null;
  downloadId: string | null;
}

/**
 * Why a transfer stopped. `detail` is what the browser or the system said of a failed write, in its own
 * words; everything else is worded by the UI in the user's language (i18n `transferProblem.*`).
 */
export type TransferProblem =
  | { reason: 'declined' | 'tooLargeThere' | 'cancelledBy' | 'damagedThere' | 'senderLeft'; name: string }
  | { reason: 'tooLargeHere'; size: number; limit: number }
  | { reason: 'damaged' | 'timedOut' | 'unreadable' }
  | { reason: 'cannotSave' | 'writeFailed'; detail: string | null };

/** States after which nothing more happens to a transfer. */
export const FINAL_STATES: ReadonlySet<TransferState> = new Set([
  'done',
  'declined',
  'refused',
  'cancelled',
  'failed',
]);

/** A transfer cut off by a dropped connection waits this long for the peer to come back. */
export const RESUME_WINDOW_MS = 120_000;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}
