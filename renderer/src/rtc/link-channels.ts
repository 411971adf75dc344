/**
 * The data channels of one peer connection: the pre-negotiated `control` channel (chat and transfer
 * control, JSON) and one channel per file transfer (bytes). Incoming messages are validated before
 * anything else sees them.
 */
import {
  CONTROL_CHANNEL,
  FILE_CHANNEL_PREFIX,
  parseControlMessage,
  type ControlMessage,
} from '../../../common/peer-protocol';
import { createLogger } from '../log';
import { Emitter } from './emitter';

const log = createLogger('rtc:channels');

/** Chromium's SCTP limit; used when the browser does not report one. */
export const DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024;

export interface LinkChannelEvents {
  'control-open': void;
  'control-close': void;
  message: ControlMessage;
  /** The remote peer opened a channel for a file transfer; `transferId` comes from its label. */
  'file-channel': { transferId: string; channel: RTCDataChannel };
}

export class LinkChannels extends Emitter<LinkChannelEvents> {
  private control: RTCDataChannel | null = null;

  constructor(private readonly pc: RTCPeerConnection) {
    super();
    pc.ondatachannel = ({ channel }) => {
      if (channel.label.startsWith(FILE_CHANNEL_PREFIX)) {
        channel.binaryType = 'arraybuffer';
        this.emit('file-channel', { transferId: channel.label.slice(FILE_CHANNEL_PREFIX.length), channel });
      } else {
        log.warn(`closing an unexpected data channel "${channel.label.slice(0, 40)}"`);
        channel.close();
      }
    };
  }

  /**
   * Creates the control channel. It is pre-negotiated (same id on both ends), so each end creates it
   * itself and neither waits for the other's announcement.
   */
  openControl(): void {
    if (this.control) return;
    const channel = this.pc.createDataChannel(CONTROL_CHANNEL.label, {
      negotiated: true,
      id: CONTROL_CHANNEL.id,
      ordered: true,
    });
    // Text frames are what peers send; binary frames of the same UTF-8 JSON are read too.
    channel.binaryType = 'arraybuffer';
    channel.onopen = () => this.emit('control-open', undefined);
    channel.onclose = () => this.emit('control-close', undefined);
    channel.onmessage = ({ data }) => {
      const message = parseControlMessage(data);
      if (message) this.emit('message', message);
      else log.warn('dropped a malformed control message');
    };
    this.control = channel;
  }

  get controlOpen(): boolean {
    return this.control?.readyState === 'open';
  }

  /** Sends a control message; false when the channel is not open (the caller queues). */
  send(message: ControlMessage): boolean {
    if (!this.control || this.control.readyState !== 'open') return false;
    try {
      this.control.send(JSON.stringify(message));
      return true;
    } catch (error) {
      log.warn('control message could not be sent', error);
      return false;
    }
  }

  /** A fresh ordered, reliable channel for one transfer's bytes. */
  openFileChannel(transferId: string): RTCDataChannel {
    const channel = this.pc.createDataChannel(`${FILE_CHANNEL_PREFIX}${transferId}`, { ordered: true });
    channel.binaryType = 'arraybuffer';
    return channel;
  }

  /** Largest message the remote end accepts, from the negotiated SCTP parameters. */
  get maxMessageSize(): number {
    const size = this.pc.sctp?.maxMessageSize;
    return size && Number.isFinite(size) && size > 0 ? size : DEFAULT_MAX_MESSAGE_SIZE;
  }

  close(): void {
    this.control?.close();
    this.clearListeners();
  }
}
