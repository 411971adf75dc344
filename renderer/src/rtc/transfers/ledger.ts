/**
 * Bookkeeping shared by both directions of transfer: the records, their state changes, progress
 * (throttled for the UI), interruption timers and stopping. The protocol lives in TransferEngine.
 */
import type { ControlMessage } from '../../../../common/peer-protocol';
import { Emitter } from '../emitter';
import type { PeerIdentities } from '../identities';
import type { PeerPort } from '../peer-port';
import {
  FINAL_STATES,
  RESUME_WINDOW_MS,
  type TransferProblem,
  type TransferState,
  type TransferView,
} from './model';
import { view, type Transfer } from './records';

export interface TransferEvents {
  changed: TransferView[];
  /** Someone offers us a file. */
  offered: TransferView;
}

export abstract class TransferLedger extends Emitter<TransferEvents> {
  protected readonly transfers = new Map<string, Transfer>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    protected readonly port: PeerPort,
    protected readonly identities: PeerIdentities,
  ) {
    super();
  }

  views(): TransferView[] {
    return [...this.transfers.values()].map(view);
  }

  protected interrupt(transfer: Transfer): void {
    if (FINAL_STATES.has(transfer.state) || transfer.state === 'interrupted') return;
    this.setState(transfer, 'interrupted');
    clearTimeout(transfer.expiry);
    transfer.expiry = setTimeout(
      () => this.stop(transfer, 'failed', { reason: 'timedOut' }),
      RESUME_WINDOW_MS,
    );
  }

  protected stop(transfer: Transfer, state: TransferState, error: TransferProblem | null): void {
    if (FINAL_STATES.has(transfer.state)) return;
    clearTimeout(transfer.expiry);
    transfer.error = error;
    if (transfer.direction === 'out') transfer.run += 1;
    else void transfer.file?.discard();
    transfer.channel?.close();
    this.setState(transfer, state);
  }

  protected progress(transfer: Transfer, bytes: number): void {
    transfer.bytes = Math.max(0, Math.min(transfer.size, bytes));
    transfer.bytesPerSecond = transfer.meter.sample(transfer.bytes);
    this.changed(false);
  }

  protected setState(transfer: Transfer, state: TransferState): void {
    transfer.state = state;
    this.changed(true);
  }

  protected sendTo(transfer: Transfer, message: ControlMessage): boolean {
    const peerId = this.peerOf(transfer.key);
    return peerId ? this.port.send(peerId, message) : false;
  }

  protected peerOf(key: string): string | undefined {
    return key.startsWith('peer:') ? key.slice(5) : this.identities.peerOf(key);
  }

  /** State changes are shown at once; progress at most ten times a second. */
  protected changed(now: boolean): void {
    if (now) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.emit('changed', this.views());
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.emit('changed', this.views());
      }, 100);
    }
  }
  protected disposeLedger(): void {
    clearTimeout(this.flushTimer);
    this.clearListeners();
  }
}
