/**
 * Every file transfer of a room, both directions. Control messages (offer, accept, end, result,
 * cancel) travel on the peers' control channels; bytes on one channel per transfer. Transfers are
 * tied to the stable client id of the other end, so one cut by a dropped connection resumes when that
 * client comes back, from the last byte the receiver wrote.
 */
import { randomId } from '../random-id';
import type { ControlMessage } from '../../../../common/peer-protocol';
import { createLogger } from '../../log';
import type { PeerIdentities } from '../identities';
import type { PeerPort } from '../peer-port';
import { createHasher } from './hasher';
import { IncomingFile, type IncomingOutcome } from './incoming';
import { TransferLedger } from './ledger';
import { FINAL_STATES } from './model';
import { base, view, type Incoming, type Outgoing, type SendableFile } from './records';
import { chooseChunkSize, pumpFile } from './outgoing';
import { sanitizeFileName, uniqueFileName } from '../../../../common/file-names';
import type { FileSink } from './sinks';

const log = createLogger('rtc:transfers');

export type { SendableFile } from './records';
export type { TransferEvents } from './ledger';

export interface TransferOptions {
  port: PeerPort;
  identities: PeerIdentities;
  /** Largest file we accept, in bytes (a user setting). */
  maxReceiveBytes: () => number;
  /** Where an accepted file is written; may ask the user (runs inside the Accept click). */
  openSink: (name: string, type: string, size: number) => Promise<FileSink>;
  newId?: () => string;
}

export class TransferEngine extends TransferLedger {
  private readonly receivedNames = new Set<string>();
  private readonly newId: () => string;

  constructor(private readonly options: TransferOptions) {
    super(options.port, options.identities);
    this.newId = options.newId ?? randomId;
  }

  /** Offers each file to each peer; they are sent one after another per peer once accepted. */
  offer(files: SendableFile[], peerIds: string[]): void {
    for (const peerId of peerIds) {
      const peerName = this.options.port.peers().find((p) => p.id === peerId)?.name ?? 'Someone';
      for (const file of files) {
        const transfer: Outgoing = {
          ...base(
            this.newId(),
            this.options.identities.keyOf(peerId),
            peerName,
            file.name,
            file.size,
            file.type,
          ),
          direction: 'out',
          file,
          offset: 0,
          run: 0,
        };
        this.transfers.set(transfer.id, transfer);
        this.sendOffer(transfer);
      }
    }
    this.changed(true);
  }

  async accept(id: string): Promise<void> {
    const transfer = this.transfers.get(id);
    if (transfer?.direction !== 'in' || transfer.state !== 'offered') return;
    let sink: FileSink;
    try {
      sink = await this.options.openSink(transfer.name, transfer.type, transfer.size);
    } catch (error) {
      // Closing the save dialog is not a decision: the offer stays open. Other failures are said.
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      log.info('no place to save the file', error);
      transfer.error = cancelled
        ? null
        : { reason: 'cannotSave', detail: error instanceof Error ? error.message : null };
      this.changed(true);
      return;
    }
    transfer.error = null;
    transfer.file = new IncomingFile(
      transfer.size,
      sink,
      await createHasher(),
      (bytes) => this.progress(transfer, bytes),
      (outcome) => this.finishIncoming(transfer, outcome),
    );
    this.setState(transfer, 'transferring');
    if (!this.sendTo(transfer, { t: 'file-accept', id, offset: 0 })) this.interrupt(transfer);
  }

  decline(id: string): void {
    const transfer = this.transfers.get(id);
    if (transfer?.direction !== 'in' || transfer.state !== 'offered') return;
    this.sendTo(transfer, { t: 'file-decline', id, reason: 'declined' });
    this.setState(transfer, 'declined');
  }

  cancel(id: string): void {
    const transfer = this.transfers.get(id);
    if (!transfer || FINAL_STATES.has(transfer.state)) return;
    this.sendTo(transfer, { t: 'file-cancel', id });
    this.stop(transfer, 'cancelled', null);
  }

  handle(peerId: string, message: ControlMessage): void {
    if (message.t === 'file-offer') {
      this.receiveOffer(peerId, message);
      return;
    }
    if (!('id' in message)) return;
    const transfer = this.transfers.get(message.id);
    // Only the peer a transfer belongs to may steer it.
    if (!transfer || transfer.key !== this.options.identities.keyOf(peerId)) return;
    switch (message.t) {
      case 'file-accept':
        if (transfer.direction === 'out' && !FINAL_STATES.has(transfer.state)) {
          transfer.offset = Math.min(message.offset, transfer.size);
          this.setState(transfer, 'queued');
          this.startNext(transfer.key);
        }
        break;
      case 'file-decline':
        if (transfer.direction === 'out' && transfer.state === 'offered') {
          const refused = message.reason === 'too-large';
          transfer.error = { reason: refused ? 'tooLargeThere' : 'declined', name: transfer.peerName };
          this.setState(transfer, refused ? 'refused' : 'declined');
        }
        break;
      case 'file-cancel':
        this.stop(transfer, 'cancelled', { reason: 'cancelledBy', name: transfer.peerName });
        break;
      case 'file-end':
        if (transfer.direction === 'in') transfer.file?.end(message.size, message.sha256);
        break;
      case 'file-result':
        if (transfer.direction === 'out' && transfer.state === 'verifying') {
          if (message.ok) this.setState(transfer, 'done');
          else this.stop(transfer, 'failed', { reason: 'damagedThere', name: transfer.peerName });
        }
        break;
    }
  }

  /** A file channel opened by a peer: accepted only for a transfer we are receiving from that peer. */
  attachChannel(peerId: string, transferId: string, channel: RTCDataChannel): void {
    const transfer = this.transfers.get(transferId);
    if (
      transfer?.direction !== 'in' ||
      transfer.key !== this.options.identities.keyOf(peerId) ||
      transfer.state !== 'transferring' ||
      !transfer.file
    ) {
      channel.close();
      return;
    }
    const file = transfer.file;
    transfer.channel?.close();
    transfer.channel = channel;
    channel.onmessage = ({ data }) => {
      if (data instanceof ArrayBuffer) file.push(data);
    };
    channel.onclose = () => {
      if (transfer.channel === channel && transfer.state === 'transferring') this.interrupt(transfer);
    };
  }

  /** A peer said hello (again): pending offers are repeated and interrupted transfers resume. */
  peerIdentified(peerId: string, clientId: string): void {
    const provisional = `peer:${peerId}`;
    for (const transfer of this.transfers.values()) {
      if (transfer.key === provisional) transfer.key = clientId;
      if (transfer.key !== clientId) continue;
      if (transfer.direction === 'out' && transfer.state === 'offered') this.sendOffer(transfer);
      if (transfer.direction === 'in' && transfer.state === 'interrupted') void this.resume(transfer);
    }
  }

  /**
   * The peer left: running transfers wait for it to come back; its offers to us are withdrawn (accepting
   * one would only wait), and come back as offers if it does.
   */
  peerRemoved(peerId: string): void {
    const key = this.options.identities.keyOf(peerId);
    for (const transfer of this.transfers.values()) {
      if (transfer.key !== key) continue;
      if (['queued', 'transferring', 'verifying'].includes(transfer.state)) this.interrupt(transfer);
      if (transfer.direction === 'in' && transfer.state === 'offered') {
        this.stop(transfer, 'cancelled', { reason: 'senderLeft', name: transfer.peerName });
      }
    }
  }

  dispose(): void {
    for (const transfer of this.transfers.values()) {
      if (!FINAL_STATES.has(transfer.state)) this.stop(transfer, 'cancelled', null);
      if (transfer.direction === 'in' && transfer.downloadUrl) URL.revokeObjectURL(transfer.downloadUrl);
    }
    this.disposeLedger();
  }

  private receiveOffer(peerId: string, offer: Extract<ControlMessage, { t: 'file-offer' }>): void {
    const known = this.transfers.get(offer.id);
    if (known) {
      // A repeated offer after a reconnect; one withdrawn when its sender left is open again.
      if (known.error?.reason === 'senderLeft' && known.key === this.options.identities.keyOf(peerId)) {
        known.error = null;
        this.setState(known, 'offered');
        this.emit('offered', view(known));
      }
      return;
    }
    const peerName = this.options.port.peers().find((p) => p.id === peerId)?.name ?? 'Someone';
    const name = uniqueFileName(sanitizeFileName(offer.name), this.receivedNames);
    this.receivedNames.add(name);
    const key = this.options.identities.keyOf(peerId);
    const transfer: Incoming = {
      ...base(offer.id, key, peerName, name, offer.size, offer.type.slice(0, 255)),
      direction: 'in',
      file: null,
      downloadUrl: null,
      savedTo: null,
      downloadId: null,
    };
    this.transfers.set(offer.id, transfer);
    const limit = this.options.maxReceiveBytes();
    if (offer.size > limit) {
      transfer.state = 'refused';
      transfer.error = { reason: 'tooLargeHere', size: offer.size, limit };
      this.options.port.send(peerId, { t: 'file-decline', id: offer.id, reason: 'too-large' });
    }
    this.changed(true);
    if (transfer.state === 'offered') this.emit('offered', view(transfer));
  }

  private sendOffer(transfer: Outgoing): void {
    const { id, name, size, type } = transfer;
    this.sendTo(transfer, { t: 'file-offer', id, name, size, type });
  }

  private async resume(transfer: Incoming): Promise<void> {
    await transfer.file?.settled();
    if (transfer.state !== 'interrupted' || !transfer.file) return;
    clearTimeout(transfer.expiry);
    this.setState(transfer, 'transferring');
    transfer.meter.reset();
    if (!this.sendTo(transfer, { t: 'file-accept', id: transfer.id, offset: transfer.file.bytes })) {
      this.interrupt(transfer);
    }
  }

  private startNext(key: string): void {
    const all = [...this.transfers.values()];
    if (all.some((t) => t.direction === 'out' && t.key === key && t.state === 'transferring')) return;
    const next = all.find(
      (t): t is Outgoing => t.direction === 'out' && t.key === key && t.state === 'queued',
    );
    if (next) void this.runOutgoing(next);
  }

  private async runOutgoing(transfer: Outgoing): Promise<void> {
    const peerId = this.peerOf(transfer.key);
    const channel = peerId ? this.options.port.openFileChannel(peerId, transfer.id) : null;
    if (!peerId || !channel) {
      this.interrupt(transfer);
      return;
    }
    const run = ++transfer.run;
    clearTimeout(transfer.expiry);
    transfer.channel = channel;
    transfer.meter.reset();
    this.setState(transfer, 'transferring');
    const outcome = await pumpFile({
      file: transfer.file,
      channel,
      offset: transfer.offset,
      chunkSize: chooseChunkSize(this.options.port.maxMessageSize(peerId)),
      onProgress: (bytes) => this.progress(transfer, bytes),
      stopped: () => transfer.run !== run || FINAL_STATES.has(transfer.state),
    }).catch((error: unknown) => {
      log.error('reading or sending the file failed', error);
      return { kind: 'failed' as const };
    });
    if (transfer.run !== run) return;
    if (outcome.kind === 'sent') {
      transfer.bytes = transfer.size;
      this.setState(transfer, 'verifying');
      this.sendTo(transfer, { t: 'file-end', id: transfer.id, size: transfer.size, sha256: outcome.sha256 });
    } else if (outcome.kind === 'interrupted') {
      this.interrupt(transfer);
    } else if (outcome.kind === 'failed') {
      this.sendTo(transfer, { t: 'file-cancel', id: transfer.id });
      this.stop(transfer, 'failed', { reason: 'unreadable' });
    }
    this.startNext(transfer.key);
  }

  private finishIncoming(transfer: Incoming, outcome: IncomingOutcome): void {
    if (outcome.kind === 'verified') {
      if (outcome.saved.blob) transfer.downloadUrl = URL.createObjectURL(outcome.saved.blob);
      transfer.savedTo = outcome.saved.savedTo;
      transfer.downloadId = outcome.saved.downloadId;
      transfer.bytes = transfer.size;
      this.setState(transfer, 'done');
      this.sendTo(transfer, { t: 'file-result', id: transfer.id, ok: true });
    } else {
      this.sendTo(
        transfer,
        outcome.kind === 'corrupt'
          ? { t: 'file-result', id: transfer.id, ok: false }
          : { t: 'file-cancel', id: transfer.id },
      );
      this.stop(
        transfer,
        'failed',
        outcome.kind === 'write-failed'
          ? { reason: 'writeFailed', detail: outcome.message || null }
          : { reason: 'damaged' },
      );
    }
    transfer.channel?.close();
  }
}
